//! Fees and payment (clauses 6, 8.2, 9.3): pure rules. Rounding is defined once: half-up at the
//! line, on non-negative amounts.
//!
//! Pure and WebAssembly-safe: the services load the facts (fee versions, invoice lines,
//! payments, credits), ask these functions what the amounts are and what may happen, and store
//! the answer in the same transaction. Money is integer [`Fen`]; rates are basis points
//! (1 bp = 0.01 %, [`BP`] = 100 %); there is no floating point anywhere in this module.

use crate::Fen;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

// ---------------------------------------------------------------- errors

/// Why a billing rule refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingError {
    /// A line's quantity, price or rate is out of range (clause 6.2).
    InvalidLine,
    /// An amount does not fit in 64-bit fen.
    Overflow,
    /// More was waived, paid or credited than the invoice's total, or an amount was negative
    /// (clause 8.2: a credit never makes an invoice negative).
    OverApplied,
    /// The person who proposed a waiver or extra discount may not decide it (clause 6.3).
    SelfApproval,
    /// The adjustment was already approved or rejected (clause 6.3).
    AlreadyDecided,
    /// A fee schedule version may not take effect before the day it is published (clause 6.1.2).
    BackdatedVersion,
}

impl BillingError {
    pub const ALL: [BillingError; 6] = [
        BillingError::InvalidLine,
        BillingError::Overflow,
        BillingError::OverApplied,
        BillingError::SelfApproval,
        BillingError::AlreadyDecided,
        BillingError::BackdatedVersion,
    ];

    /// A stable code (logs, API errors).
    pub fn as_str(self) -> &'static str {
        match self {
            BillingError::InvalidLine => "invalid_line",
            BillingError::Overflow => "overflow",
            BillingError::OverApplied => "over_applied",
            BillingError::SelfApproval => "self_approval",
            BillingError::AlreadyDecided => "already_decided",
            BillingError::BackdatedVersion => "backdated_version",
        }
    }
}

impl fmt::Display for BillingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BillingError::InvalidLine => {
                "invalid invoice line: quantity, unit price or rate out of range"
            }
            BillingError::Overflow => "amount out of range",
            BillingError::OverApplied => {
                "more waived, paid or credited than the invoice total, or a negative amount"
            }
            BillingError::SelfApproval => {
                "an adjustment is decided by someone other than its proposer"
            }
            BillingError::AlreadyDecided => "the adjustment was already decided",
            BillingError::BackdatedVersion => {
                "a fee schedule version cannot take effect in the past"
            }
        })
    }
}

impl std::error::Error for BillingError {}

// ---------------------------------------------------------------- rounding (clause 6.2)

/// 100 % in basis points.
pub const BP: i64 = 10_000;

/// `amount × bp / 10000`, rounded half-up (clause 6.2: rounding happens once, at the line).
///
/// Defined for `amount ≥ 0` and `0 ≤ bp ≤ BP`; computed in `i128`, so it never overflows and
/// the result is never more than `amount`. Outside that domain it stays total: `bp` is clamped
/// to `0..=BP` and a negative amount rounds symmetrically (`bp_of(-a, bp) == -bp_of(a, bp)`).
pub fn bp_of(amount: Fen, bp: i64) -> Fen {
    let bp = i128::from(bp.clamp(0, BP));
    let a = i128::from(amount.0);
    let half = i128::from(BP / 2);
    let scale = i128::from(BP);
    let r = if a >= 0 {
        (a * bp + half) / scale
    } else {
        -((-a * bp + half) / scale)
    };
    // |r| <= |a| because bp <= BP, so the conversion cannot fail.
    Fen(i64::try_from(r).unwrap_or(if r < 0 { i64::MIN } else { i64::MAX }))
}

// ---------------------------------------------------------------- lines and totals (clause 6.2)

/// Largest quantity on one line.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// Largest unit price: ¥10,000,000,000 (10^12 fen).
pub const MAX_UNIT_PRICE: Fen = Fen(1_000_000_000_000);

/// What a line is priced from: the fee item's price and tax rate in force on the service date,
/// the quantity and the line's discount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineInput {
    pub quantity: i64,
    pub unit_price: Fen,
    pub discount_bp: i64,
    pub tax_bp: i64,
}

/// A priced line: `net = amount − discount`, `total = net + tax`, each rounded once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LineAmounts {
    pub amount: Fen,
    pub discount: Fen,
    pub net: Fen,
    pub tax: Fen,
    pub total: Fen,
}

impl LineAmounts {
    /// The line adds up: no negative part, the discount within the amount,
    /// `net == amount − discount` and `total == net + tax`.
    pub fn is_consistent(&self) -> bool {
        let (a, d, n, t, tot) = (
            self.amount.0,
            self.discount.0,
            self.net.0,
            self.tax.0,
            self.total.0,
        );
        a >= 0
            && (0..=a).contains(&d)
            && t >= 0
            && a.checked_sub(d) == Some(n)
            && n.checked_add(t) == Some(tot)
    }
}

/// Prices one line (clause 6.2): `amount = quantity × unit_price`, the discount rounded half-up
/// on the amount, the tax rounded half-up on the net.
///
/// Quantity `1..=1_000_000`, unit price `0..=10^12` fen, rates `0..=10000` bp, else
/// [`BillingError::InvalidLine`].
pub fn price_line(l: &LineInput) -> Result<LineAmounts, BillingError> {
    if !(1..=MAX_QUANTITY).contains(&l.quantity)
        || !(Fen::ZERO..=MAX_UNIT_PRICE).contains(&l.unit_price)
        || !(0..=BP).contains(&l.discount_bp)
        || !(0..=BP).contains(&l.tax_bp)
    {
        return Err(BillingError::InvalidLine);
    }
    let amount = Fen(l
        .quantity
        .checked_mul(l.unit_price.0)
        .ok_or(BillingError::Overflow)?);
    let discount = bp_of(amount, l.discount_bp);
    let net = Fen(amount.0 - discount.0); // 0 <= discount <= amount
    let tax = bp_of(net, l.tax_bp);
    let total = net.checked_add(tax).ok_or(BillingError::Overflow)?;
    Ok(LineAmounts {
        amount,
        discount,
        net,
        tax,
        total,
    })
}

/// An invoice's totals as stored on the invoice row (clause 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InvoiceTotals {
    /// Σ line amounts (before discount).
    pub subtotal: Fen,
    /// Σ line discounts.
    pub discount: Fen,
    /// Σ line taxes.
    pub tax: Fen,
    /// Σ line totals; always `subtotal − discount + tax` exactly.
    pub total: Fen,
    /// Approved waivers and extra discounts (clause 6.3).
    pub waived: Fen,
    /// Payments applied to the invoice.
    pub paid: Fen,
    /// Customer credit applied to the invoice (clause 8.2).
    pub credited: Fen,
    /// `total − waived − paid − credited`, never negative.
    pub balance: Fen,
}

impl InvoiceTotals {
    /// What has been settled: `paid + credited + waived`.
    pub fn settled(&self) -> Fen {
        Fen(self
            .waived
            .0
            .saturating_add(self.paid.0)
            .saturating_add(self.credited.0))
    }
}

fn add(a: Fen, b: Fen) -> Result<Fen, BillingError> {
    a.checked_add(b).ok_or(BillingError::Overflow)
}

fn sub(a: Fen, b: Fen) -> Result<Fen, BillingError> {
    a.0.checked_sub(b.0).map(Fen).ok_or(BillingError::Overflow)
}

/// Adds up priced lines and what was settled against them (clauses 6.2, 6.3, 8.2).
///
/// Errors: [`BillingError::InvalidLine`] for a line that does not add up
/// ([`LineAmounts::is_consistent`]), [`BillingError::OverApplied`] when `waived`, `paid` or
/// `credited` is negative or together exceed the total, [`BillingError::Overflow`] when a sum
/// does not fit.
pub fn invoice_totals(
    lines: &[LineAmounts],
    waived: Fen,
    paid: Fen,
    credited: Fen,
) -> Result<InvoiceTotals, BillingError> {
    if waived < Fen::ZERO || paid < Fen::ZERO || credited < Fen::ZERO {
        return Err(BillingError::OverApplied);
    }
    let mut t = InvoiceTotals {
        waived,
        paid,
        credited,
        ..InvoiceTotals::default()
    };
    for l in lines {
        if !l.is_consistent() {
            return Err(BillingError::InvalidLine);
        }
        t.subtotal = add(t.subtotal, l.amount)?;
        t.discount = add(t.discount, l.discount)?;
        t.tax = add(t.tax, l.tax)?;
        t.total = add(t.total, l.total)?;
    }
    let balance = sub(sub(sub(t.total, waived)?, paid)?, credited)?;
    if balance < Fen::ZERO {
        return Err(BillingError::OverApplied);
    }
    t.balance = balance;
    Ok(t)
}

// ---------------------------------------------------------------- allocation (clauses 6.2, 8.2)

/// How a payment is split between the invoice and customer credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Allocation {
    /// Goes to the invoice: never more than its balance.
    pub applied: Fen,
    /// The rest of the payment; it becomes customer credit (clause 6.2, kind `overpayment`).
    pub excess: Fen,
}

/// Splits a payment of `amount` against an invoice with `balance` left (clause 6.2):
/// `applied = min(balance, amount)`, `excess = amount − applied`. A negative balance or amount
/// counts as zero.
pub fn allocate_payment(balance: Fen, amount: Fen) -> Allocation {
    let balance = balance.max(Fen::ZERO);
    let amount = amount.max(Fen::ZERO);
    let applied = balance.min(amount);
    Allocation {
        applied,
        excess: Fen(amount.0 - applied.0),
    }
}

/// Which customer credits to apply to an invoice with `balance` left, and how much of each
/// (clause 8.2). `credits` are `(credit id, remaining)` in the order to use them (the caller
/// passes the oldest first). Credits with nothing remaining are skipped; the sum taken is never
/// more than the balance, so a credit never makes an invoice negative. Only non-zero takings are
/// returned.
pub fn apply_credits(balance: Fen, credits: &[(i64, Fen)]) -> Vec<(i64, Fen)> {
    let mut left = balance.max(Fen::ZERO);
    let mut out = Vec::new();
    for &(id, remaining) in credits {
        if left == Fen::ZERO {
            break;
        }
        if remaining <= Fen::ZERO {
            continue;
        }
        let take = remaining.min(left);
        out.push((id, take));
        left = Fen(left.0 - take.0);
    }
    out
}

// ---------------------------------------------------------------- invoice status (clause 6.2)

/// An invoice's status. Stored: `draft | issued | partially_paid | paid | void`; `Overdue` is
/// derived on every read ([`InvoiceStatus::shown`]) and never stored, so it is never stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Issued,
    PartiallyPaid,
    Paid,
    Overdue,
    Void,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 6] = [
        InvoiceStatus::Draft,
        InvoiceStatus::Issued,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
        InvoiceStatus::Overdue,
        InvoiceStatus::Void,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Overdue => "overdue",
            InvoiceStatus::Void => "void",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceStatus> {
        InvoiceStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// May be stored on the invoice row (everything but the derived `Overdue`).
    pub fn is_stored(self) -> bool {
        self != InvoiceStatus::Overdue
    }

    /// The status to show on `today`: an issued or partly paid invoice past its due date is
    /// overdue (clause 6.2); every other status shows as stored.
    pub fn shown(self, due_date: NaiveDate, today: NaiveDate) -> InvoiceStatus {
        match self {
            InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid if today > due_date => {
                InvoiceStatus::Overdue
            }
            s => s,
        }
    }

    /// The stored status of an issued invoice once `settled` (paid + credited + waived) of its
    /// `total` is settled: nothing → `Issued`, part → `PartiallyPaid`, all → `Paid` (an issued
    /// invoice with a zero total is `Paid`).
    pub fn after_settlement(total: Fen, settled: Fen) -> InvoiceStatus {
        if settled >= total {
            InvoiceStatus::Paid
        } else if settled <= Fen::ZERO {
            InvoiceStatus::Issued
        } else {
            InvoiceStatus::PartiallyPaid
        }
    }

    /// Lines, discount and note may change: drafts only (an issued invoice is a legal document).
    pub fn may_edit(self) -> bool {
        self == InvoiceStatus::Draft
    }

    /// A draft is issued: it receives its number, issue and due dates (clause 6.2).
    pub fn may_issue(self) -> bool {
        self == InvoiceStatus::Draft
    }

    /// Payments, credits and adjustments are taken while something is owed.
    pub fn may_take_payment(self) -> bool {
        matches!(
            self,
            InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid | InvoiceStatus::Overdue
        )
    }

    /// A credit note may be issued against an invoice once it is issued and not void, paid or
    /// not (clause 8.2): on a paid invoice it becomes credit to use or refund.
    pub fn may_credit(self) -> bool {
        !matches!(self, InvoiceStatus::Draft | InvoiceStatus::Void)
    }

    /// A draft may always be voided; an issued (or overdue) invoice only while nothing has been
    /// settled against it. Anything settled is reversed with a credit note instead (clause 8.2).
    pub fn may_void(self, settled: Fen) -> bool {
        match self {
            InvoiceStatus::Draft => true,
            InvoiceStatus::Issued | InvoiceStatus::Overdue => settled == Fen::ZERO,
            _ => false,
        }
    }
}

// ---------------------------------------------------------------- numbers (clause 6.2)

/// Series prefix of invoices.
pub const INVOICE_SERIES: &str = "INV";
/// Series prefix of credit notes.
pub const CREDIT_NOTE_SERIES: &str = "CN";

pub fn document_number(series: &str, year: i32, seq: i64) -> String {
    format!("{series}-{year}-{seq:06}")
}

/// An invoice number, gapless per year (clause 6.2): `INV-2026-000123`. The sequence is
/// zero-padded to six digits and grows beyond that when needed; it starts at 1.
pub fn invoice_number(year: i32, seq: i64) -> String {
    document_number(INVOICE_SERIES, year, seq)
}

/// A credit note number, gapless per year (clauses 6.2, 8.2): `CN-2026-000001`.
pub fn credit_note_number(year: i32, seq: i64) -> String {
    document_number(CREDIT_NOTE_SERIES, year, seq)
}

/// Reads a document number back into `(series, year, seq)`, series `"INV"` or `"CN"`. Only the
/// canonical form is accepted: a four-digit year and a sequence of at least six digits, without
/// extra leading zeros, starting at 1.
pub fn parse_document_number(s: &str) -> Option<(&'static str, i32, i64)> {
    let mut parts = s.split('-');
    let series = match parts.next()? {
        "INV" => INVOICE_SERIES,
        "CN" => CREDIT_NOTE_SERIES,
        _ => return None,
    };
    let year_s = parts.next()?;
    let seq_s = parts.next()?;
    if parts.next().is_some()
        || year_s.len() != 4
        || seq_s.len() < 6
        || !year_s.bytes().all(|b| b.is_ascii_digit())
        || !seq_s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = year_s.parse().ok()?;
    let seq: i64 = seq_s.parse().ok()?;
    if seq < 1 || document_number(series, year, seq) != s {
        return None;
    }
    Some((series, year, seq))
}

// ---------------------------------------------------------------- due dates (clause 6.2)

/// Payment term when the setting `billing.net_days` is absent (clause 6.2): 15 days.
pub const DEFAULT_NET_DAYS: u32 = 15;

/// The due date of an invoice issued on `issue` with `net_days` to pay.
pub fn due_date(issue: NaiveDate, net_days: u32) -> NaiveDate {
    issue
        .checked_add_days(Days::new(u64::from(net_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Days left until `due` on `today`: 0 on the due date, negative once overdue.
pub fn days_until_due(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

// ---------------------------------------------------------------- reminders (clause 6.2)

/// An overdue reminder (clause 6.2): 1, 7 and 30 days after the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReminderStage {
    #[serde(rename = "d1")]
    Day1,
    #[serde(rename = "d7")]
    Day7,
    #[serde(rename = "d30")]
    Day30,
}

impl ReminderStage {
    /// In order, earliest first.
    pub const ALL: [ReminderStage; 3] = [
        ReminderStage::Day1,
        ReminderStage::Day7,
        ReminderStage::Day30,
    ];

    /// Days after the due date.
    pub fn days(self) -> u32 {
        match self {
            ReminderStage::Day1 => 1,
            ReminderStage::Day7 => 7,
            ReminderStage::Day30 => 30,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderStage::Day1 => "d1",
            ReminderStage::Day7 => "d7",
            ReminderStage::Day30 => "d30",
        }
    }

    pub fn parse(s: &str) -> Option<ReminderStage> {
        ReminderStage::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The first day this stage is reached for an invoice due on `due`.
    pub fn reached_on(self, due: NaiveDate) -> NaiveDate {
        due.checked_add_days(Days::new(u64::from(self.days())))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Every stage reached on `today` for an invoice due on `due` (`today ≥ due + days`), earliest
/// first. A daily job that did not run for a week sees `[d1, d7]` at once.
///
/// The caller sends only stages not yet sent, and when several are new at once only the latest
/// of them: that decision is [`reminder_to_send`].
pub fn reminders_due(due: NaiveDate, today: NaiveDate) -> Vec<ReminderStage> {
    ReminderStage::ALL
        .into_iter()
        .filter(|s| today >= s.reached_on(due))
        .collect()
}

/// The one reminder to send on `today` (clause 6.2): the latest reached stage, unless it or a
/// later stage was already sent. Earlier stages skipped over (the job did not run) are not sent
/// late: the customer gets one reminder, the current one.
pub fn reminder_to_send(
    due: NaiveDate,
    today: NaiveDate,
    already_sent: &[ReminderStage],
) -> Option<ReminderStage> {
    let latest = *reminders_due(due, today).last()?;
    if already_sent.iter().any(|&s| s >= latest) {
        None
    } else {
        Some(latest)
    }
}

// ---------------------------------------------------------------- payment methods (clause 6.2)

/// How a payment was made (clause 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    BankTransfer,
    BranchCard,
    BranchCash,
    /// Confirmed by a payment provider.
    Online,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::BankTransfer,
        PaymentMethod::BranchCard,
        PaymentMethod::BranchCash,
        PaymentMethod::Online,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::BranchCard => "branch_card",
            PaymentMethod::BranchCash => "branch_cash",
            PaymentMethod::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

// ---------------------------------------------------------------- waivers and discounts (6.3)

/// A one-off reduction of an invoice's balance (clause 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    Waiver,
    ExtraDiscount,
}

impl AdjustmentKind {
    pub const ALL: [AdjustmentKind; 2] = [AdjustmentKind::Waiver, AdjustmentKind::ExtraDiscount];

    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentKind::Waiver => "waiver",
            AdjustmentKind::ExtraDiscount => "extra_discount",
        }
    }

    pub fn parse(s: &str) -> Option<AdjustmentKind> {
        AdjustmentKind::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Where a waiver or extra discount stands (clause 6.3): proposed, then decided once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentStatus {
    Proposed,
    Approved,
    Rejected,
}

impl AdjustmentStatus {
    pub const ALL: [AdjustmentStatus; 3] = [
        AdjustmentStatus::Proposed,
        AdjustmentStatus::Approved,
        AdjustmentStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentStatus::Proposed => "proposed",
            AdjustmentStatus::Approved => "approved",
            AdjustmentStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<AdjustmentStatus> {
        AdjustmentStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Whether `decider` may approve or reject an adjustment proposed by `proposed_by` (clause 6.3,
/// four eyes): only while it is proposed ([`BillingError::AlreadyDecided`], checked first), and
/// never by its proposer ([`BillingError::SelfApproval`]).
pub fn may_decide_adjustment(
    proposed_by: i64,
    decider: i64,
    status: AdjustmentStatus,
) -> Result<(), BillingError> {
    if status != AdjustmentStatus::Proposed {
        return Err(BillingError::AlreadyDecided);
    }
    if proposed_by == decider {
        return Err(BillingError::SelfApproval);
    }
    Ok(())
}

/// A waiver or extra discount of `amount` fits an invoice with `balance` left (clause 6.3):
/// positive and not more than the balance.
pub fn adjustment_fits(balance: Fen, amount: Fen) -> bool {
    amount > Fen::ZERO && amount <= balance
}

// ---------------------------------------------------------------- credits (clause 8.2)

/// Where customer credit comes from (clause 8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// A credit note against an invoice.
    CreditNote,
    /// The part of a payment beyond the invoice's balance (clause 6.2).
    Overpayment,
    /// A standalone credit note, e.g. compensation for a service failure.
    Compensation,
}

impl CreditKind {
    pub const ALL: [CreditKind; 3] = [
        CreditKind::CreditNote,
        CreditKind::Overpayment,
        CreditKind::Compensation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CreditKind::CreditNote => "credit_note",
            CreditKind::Overpayment => "overpayment",
            CreditKind::Compensation => "compensation",
        }
    }

    pub fn parse(s: &str) -> Option<CreditKind> {
        CreditKind::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The most a new credit note against an invoice may credit (clause 8.2): what the invoice
/// charged after waivers, less the credit notes already issued against it. A credit note never
/// credits more than was charged.
pub fn credit_note_limit(total: Fen, waived: Fen, already_noted: Fen) -> Fen {
    Fen((total.0 - waived.0 - already_noted.0).max(0))
}

/// How a credit note of `amount` against an invoice with `balance` left is used (clause 8.2):
/// the part up to the balance settles the invoice at once, the rest stays as customer credit
/// (applied to future invoices or refunded). Same rule as a payment.
pub fn split_credit_note(balance: Fen, amount: Fen) -> Allocation {
    allocate_payment(balance, amount)
}

/// A refund of `amount` out of a credit with `remaining` left (clause 8.2): positive and not
/// more than what is left.
pub fn refund_fits(remaining: Fen, amount: Fen) -> bool {
    amount > Fen::ZERO && amount <= remaining
}

// ---------------------------------------------------------------- fee schedule (clause 6.1.2)

/// What the rules need to know about a fee schedule version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionFacts {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub published: bool,
}

/// The version in force on `day` (clause 6.1.2): the published version with the latest
/// `effective_from ≤ day`; of two with the same date, the higher id. Drafts never count.
pub fn in_force(versions: &[VersionFacts], day: NaiveDate) -> Option<i64> {
    versions
        .iter()
        .filter(|v| v.published && v.effective_from <= day)
        .max_by_key(|v| (v.effective_from, v.id))
        .map(|v| v.id)
}

/// The next version to take effect after `today` (clause 6.1.2, announced in advance): the
/// published version with the earliest `effective_from > today`; of two with the same date, the
/// higher id (the one that will be in force). Drafts never count.
pub fn upcoming(versions: &[VersionFacts], today: NaiveDate) -> Option<i64> {
    versions
        .iter()
        .filter(|v| v.published && v.effective_from > today)
        .min_by_key(|v| (v.effective_from, std::cmp::Reverse(v.id)))
        .map(|v| v.id)
}

/// Only a draft version is edited; a published version is never changed, a new price is a new
/// version (clause 6.1.2).
pub fn may_edit_version(published: bool) -> bool {
    !published
}

/// A version is published to take effect today or later, never backdated (clause 6.1.2).
pub fn may_publish(effective_from: NaiveDate, today: NaiveDate) -> Result<(), BillingError> {
    if effective_from >= today {
        Ok(())
    } else {
        Err(BillingError::BackdatedVersion)
    }
}

// ---------------------------------------------------------------- receivables ageing (report)

/// How long an open invoice is past due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgeingBucket {
    #[serde(rename = "current")]
    Current,
    #[serde(rename = "1-30")]
    Days1To30,
    #[serde(rename = "31-60")]
    Days31To60,
    #[serde(rename = "61-90")]
    Days61To90,
    #[serde(rename = "90+")]
    Over90,
}

impl AgeingBucket {
    pub const ALL: [AgeingBucket; 5] = [
        AgeingBucket::Current,
        AgeingBucket::Days1To30,
        AgeingBucket::Days31To60,
        AgeingBucket::Days61To90,
        AgeingBucket::Over90,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgeingBucket::Current => "current",
            AgeingBucket::Days1To30 => "1-30",
            AgeingBucket::Days31To60 => "31-60",
            AgeingBucket::Days61To90 => "61-90",
            AgeingBucket::Over90 => "90+",
        }
    }

    pub fn parse(s: &str) -> Option<AgeingBucket> {
        AgeingBucket::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The ageing bucket of an invoice due on `due`, seen on `today`: by days past due, `≤ 0`
/// current, then 1–30, 31–60, 61–90 and over 90.
pub fn ageing_bucket(due: NaiveDate, today: NaiveDate) -> AgeingBucket {
    match (today - due).num_days() {
        i64::MIN..=0 => AgeingBucket::Current,
        1..=30 => AgeingBucket::Days1To30,
        31..=60 => AgeingBucket::Days31To60,
        61..=90 => AgeingBucket::Days61To90,
        _ => AgeingBucket::Over90,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn line(quantity: i64, unit_price: i64, discount_bp: i64, tax_bp: i64) -> LineInput {
        LineInput {
            quantity,
            unit_price: Fen(unit_price),
            discount_bp,
            tax_bp,
        }
    }

    #[test]
    fn clause_6_2_rounding_is_half_up_at_the_line() {
        // Exactly half a fen rounds up; just under half rounds down.
        assert_eq!(bp_of(Fen(1), 5000), Fen(1));
        assert_eq!(bp_of(Fen(3), 5000), Fen(2));
        assert_eq!(bp_of(Fen(1), 4999), Fen(0));
        assert_eq!(bp_of(Fen(0), 10_000), Fen(0));
        assert_eq!(bp_of(Fen(12_345), BP), Fen(12_345));
        assert_eq!(bp_of(Fen(12_345), 0), Fen(0));
        // No overflow at the top of the range.
        assert_eq!(bp_of(Fen(i64::MAX), BP), Fen(i64::MAX));
        assert_eq!(bp_of(Fen(-3), 5000), Fen(-2), "symmetric off the domain");

        // 3 × ¥33.33 = ¥99.99; 12.34 % discount = 1233.8766 fen → 1234;
        // net 8765; 6 % tax = 525.9 fen → 526; total 9291.
        let l = price_line(&line(3, 3333, 1234, 600)).unwrap();
        assert_eq!(
            l,
            LineAmounts {
                amount: Fen(9999),
                discount: Fen(1234),
                net: Fen(8765),
                tax: Fen(526),
                total: Fen(9291),
            }
        );
        // The shipped annual fee: ¥8,800 + 6 % = ¥9,328.
        let annual = price_line(&line(1, 880_000, 0, 600)).unwrap();
        assert_eq!(annual.total, Fen(932_800));
        assert_eq!(annual.total.display_cny(), "¥9,328");
    }

    #[test]
    fn clause_6_2_line_inputs_are_range_checked() {
        for bad in [
            line(0, 100, 0, 0),
            line(-1, 100, 0, 0),
            line(MAX_QUANTITY + 1, 100, 0, 0),
            line(1, -1, 0, 0),
            line(1, MAX_UNIT_PRICE.0 + 1, 0, 0),
            line(1, 100, -1, 0),
            line(1, 100, BP + 1, 0),
            line(1, 100, 0, -1),
            line(1, 100, 0, BP + 1),
        ] {
            assert_eq!(price_line(&bad), Err(BillingError::InvalidLine), "{bad:?}");
        }
        // The largest line fits: 10^6 × 10^12 = 10^18 fen, plus 100 % tax.
        let big = price_line(&line(MAX_QUANTITY, MAX_UNIT_PRICE.0, 0, BP)).unwrap();
        assert_eq!(big.total, Fen(2_000_000_000_000_000_000));
        assert_eq!(
            price_line(&line(1, 0, 0, 600)).unwrap(),
            LineAmounts::default()
        );
    }

    #[test]
    fn clause_6_2_invoice_totals_add_up_and_never_go_negative() {
        let lines = [
            price_line(&line(3, 3333, 1234, 600)).unwrap(),
            price_line(&line(1, 880_000, 0, 600)).unwrap(),
        ];
        let t = invoice_totals(&lines, Fen(100), Fen(50_000), Fen(1)).unwrap();
        assert_eq!(t.subtotal, Fen(9999 + 880_000));
        assert_eq!(t.discount, Fen(1234));
        assert_eq!(t.tax, Fen(526 + 52_800));
        assert_eq!(t.total, Fen(9291 + 932_800));
        assert_eq!(t.total.0, t.subtotal.0 - t.discount.0 + t.tax.0);
        assert_eq!(t.balance, Fen(9291 + 932_800 - 100 - 50_000 - 1));
        assert_eq!(t.settled(), Fen(50_101));

        let full = invoice_totals(&lines, Fen::ZERO, t.total, Fen::ZERO).unwrap();
        assert_eq!(full.balance, Fen::ZERO);
        assert_eq!(
            invoice_totals(&lines, Fen(1), t.total, Fen::ZERO),
            Err(BillingError::OverApplied)
        );
        assert_eq!(
            invoice_totals(&lines, Fen::ZERO, Fen(-1), Fen::ZERO),
            Err(BillingError::OverApplied)
        );
        let mut broken = lines[0];
        broken.total = Fen(broken.total.0 + 1);
        assert_eq!(
            invoice_totals(&[broken], Fen::ZERO, Fen::ZERO, Fen::ZERO),
            Err(BillingError::InvalidLine)
        );
        let huge = price_line(&line(MAX_QUANTITY, MAX_UNIT_PRICE.0, 0, BP)).unwrap();
        assert_eq!(
            invoice_totals(&[huge; 5], Fen::ZERO, Fen::ZERO, Fen::ZERO),
            Err(BillingError::Overflow)
        );
        let empty = invoice_totals(&[], Fen::ZERO, Fen::ZERO, Fen::ZERO).unwrap();
        assert_eq!(empty, InvoiceTotals::default());
    }

    #[test]
    fn clause_6_2_overpayment_becomes_credit() {
        assert_eq!(
            allocate_payment(Fen(10_000), Fen(12_500)),
            Allocation {
                applied: Fen(10_000),
                excess: Fen(2_500)
            }
        );
        assert_eq!(
            allocate_payment(Fen(10_000), Fen(4_000)),
            Allocation {
                applied: Fen(4_000),
                excess: Fen::ZERO
            }
        );
        assert_eq!(
            allocate_payment(Fen::ZERO, Fen(700)),
            Allocation {
                applied: Fen::ZERO,
                excess: Fen(700)
            }
        );
    }

    #[test]
    fn clause_8_2_credits_apply_oldest_first_and_never_make_an_invoice_negative() {
        let credits = [
            (1, Fen(300)),
            (2, Fen::ZERO),
            (3, Fen(-5)),
            (4, Fen(1_000)),
            (5, Fen(50)),
        ];
        assert_eq!(
            apply_credits(Fen(800), &credits),
            vec![(1, Fen(300)), (4, Fen(500))]
        );
        assert_eq!(
            apply_credits(Fen(5_000), &credits),
            vec![(1, Fen(300)), (4, Fen(1_000)), (5, Fen(50))]
        );
        assert_eq!(apply_credits(Fen(300), &credits), vec![(1, Fen(300))]);
        assert!(apply_credits(Fen::ZERO, &credits).is_empty());
        assert!(apply_credits(Fen(-10), &credits).is_empty());
    }

    #[test]
    fn clause_6_2_invoice_status_transition_table() {
        use InvoiceStatus as S;
        let some = Fen(1);
        let none = Fen::ZERO;
        // (status, may_edit, may_issue, may_take_payment, may_void(nothing), may_void(some))
        let table = [
            (S::Draft, true, true, false, true, true),
            (S::Issued, false, false, true, true, false),
            (S::PartiallyPaid, false, false, true, false, false),
            (S::Paid, false, false, false, false, false),
            (S::Overdue, false, false, true, true, false),
            (S::Void, false, false, false, false, false),
        ];
        assert_eq!(table.len(), S::ALL.len());
        for (s, edit, issue, pay, void_none, void_some) in table {
            assert_eq!(s.may_edit(), edit, "{s:?} edit");
            assert_eq!(s.may_issue(), issue, "{s:?} issue");
            assert_eq!(s.may_take_payment(), pay, "{s:?} pay");
            assert_eq!(s.may_void(none), void_none, "{s:?} void unsettled");
            assert_eq!(s.may_void(some), void_some, "{s:?} void settled");
            assert_eq!(S::parse(s.as_str()), Some(s));
            assert_eq!(s.is_stored(), s != S::Overdue);
        }
        assert_eq!(S::parse("overdue"), Some(S::Overdue));
        assert_eq!(S::parse("Paid"), None);

        // Settlement of an issued invoice.
        let total = Fen(10_000);
        assert_eq!(S::after_settlement(total, none), S::Issued);
        assert_eq!(S::after_settlement(total, some), S::PartiallyPaid);
        assert_eq!(S::after_settlement(total, Fen(9_999)), S::PartiallyPaid);
        assert_eq!(S::after_settlement(total, total), S::Paid);
        assert_eq!(S::after_settlement(Fen::ZERO, none), S::Paid, "zero total");

        // Overdue is derived, from issued and partly paid only, the day after the due date.
        let due = d("2026-03-16");
        for s in S::ALL {
            assert_eq!(s.shown(due, due), s, "{s:?} on the due date");
            let later = s.shown(due, d("2026-03-17"));
            match s {
                S::Issued | S::PartiallyPaid => assert_eq!(later, S::Overdue),
                _ => assert_eq!(later, s),
            }
        }
    }

    #[test]
    fn clause_6_2_document_numbers_are_per_year_and_zero_padded() {
        assert_eq!(invoice_number(2026, 123), "INV-2026-000123");
        assert_eq!(invoice_number(2026, 1_234_567), "INV-2026-1234567");
        assert_eq!(credit_note_number(2026, 1), "CN-2026-000001");
        assert_eq!(
            parse_document_number("INV-2026-000123"),
            Some(("INV", 2026, 123))
        );
        assert_eq!(
            parse_document_number("CN-2027-000001"),
            Some(("CN", 2027, 1))
        );
        assert_eq!(
            parse_document_number("INV-2026-1234567"),
            Some(("INV", 2026, 1_234_567))
        );
        for bad in [
            "",
            "INV",
            "INV-2026",
            "INV-2026-123",
            "INV-2026-0000123",
            "INV-2026-000000",
            "INV-26-000123",
            "inv-2026-000123",
            "XX-2026-000123",
            "INV-2026-000123-1",
            "INV-2026-+00123",
            "INV-2026-00012a",
            " INV-2026-000123",
        ] {
            assert_eq!(parse_document_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clause_6_2_due_date_is_net_days_after_issue() {
        assert_eq!(due_date(d("2026-03-01"), DEFAULT_NET_DAYS), d("2026-03-16"));
        assert_eq!(due_date(d("2026-12-20"), 15), d("2027-01-04"));
        assert_eq!(due_date(d("2026-03-01"), 0), d("2026-03-01"));
        assert_eq!(days_until_due(d("2026-03-16"), d("2026-03-01")), 15);
        assert_eq!(days_until_due(d("2026-03-16"), d("2026-03-16")), 0);
        assert_eq!(days_until_due(d("2026-03-16"), d("2026-03-20")), -4);
    }

    #[test]
    fn clause_6_2_reminders_after_1_7_and_30_days_even_when_the_job_skipped_a_week() {
        use ReminderStage as R;
        let due = d("2026-03-16");
        assert!(reminders_due(due, d("2026-03-16")).is_empty());
        assert_eq!(reminders_due(due, d("2026-03-17")), vec![R::Day1]);
        assert_eq!(reminder_to_send(due, d("2026-03-17"), &[]), Some(R::Day1));
        assert_eq!(reminder_to_send(due, d("2026-03-18"), &[R::Day1]), None);

        // The job did not run from the due date until day 8: both stages are reached, and
        // only the latest is sent, once.
        let day8 = d("2026-03-24");
        assert_eq!(reminders_due(due, day8), vec![R::Day1, R::Day7]);
        assert_eq!(reminder_to_send(due, day8, &[]), Some(R::Day7));
        assert_eq!(reminder_to_send(due, day8, &[R::Day7]), None);
        assert_eq!(reminder_to_send(due, d("2026-04-14"), &[R::Day7]), None);
        // Day 30.
        let day30 = d("2026-04-15");
        assert_eq!(reminders_due(due, day30), R::ALL.to_vec());
        assert_eq!(reminder_to_send(due, day30, &[R::Day7]), Some(R::Day30));
        assert_eq!(reminder_to_send(due, day30, &[R::Day7, R::Day30]), None);
        // A later stage already sent (e.g. the due date was moved): nothing earlier follows.
        assert_eq!(reminder_to_send(due, d("2026-03-17"), &[R::Day30]), None);

        for s in R::ALL {
            assert_eq!(R::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            R::ALL.map(R::days),
            [1, 7, 30],
            "stages are ordered by their day"
        );
    }

    #[test]
    fn clause_6_2_payment_methods_round_trip() {
        let names: Vec<_> = PaymentMethod::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(
            names,
            ["bank_transfer", "branch_card", "branch_cash", "online"]
        );
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
        assert_eq!(PaymentMethod::parse("cash"), None);
    }

    #[test]
    fn clause_6_3_adjustments_are_decided_by_someone_else_once() {
        use AdjustmentStatus as S;
        assert_eq!(may_decide_adjustment(7, 8, S::Proposed), Ok(()));
        assert_eq!(
            may_decide_adjustment(7, 7, S::Proposed),
            Err(BillingError::SelfApproval)
        );
        assert_eq!(
            may_decide_adjustment(7, 8, S::Approved),
            Err(BillingError::AlreadyDecided)
        );
        assert_eq!(
            may_decide_adjustment(7, 8, S::Rejected),
            Err(BillingError::AlreadyDecided)
        );
        assert!(adjustment_fits(Fen(500), Fen(500)));
        assert!(adjustment_fits(Fen(500), Fen(1)));
        assert!(!adjustment_fits(Fen(500), Fen(501)));
        assert!(!adjustment_fits(Fen(500), Fen::ZERO));
        assert!(!adjustment_fits(Fen(500), Fen(-1)));
        for k in AdjustmentKind::ALL {
            assert_eq!(AdjustmentKind::parse(k.as_str()), Some(k));
        }
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(AdjustmentKind::ExtraDiscount.as_str(), "extra_discount");
    }

    #[test]
    fn clause_8_2_credit_kinds_round_trip() {
        for k in CreditKind::ALL {
            assert_eq!(CreditKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(CreditKind::Overpayment.as_str(), "overpayment");
        assert_eq!(CreditKind::parse("refund"), None);
    }

    #[test]
    fn clause_6_1_2_version_in_force_ignores_drafts() {
        let v = |id, from: &str, published| VersionFacts {
            id,
            effective_from: d(from),
            published,
        };
        let versions = [
            v(1, "2025-01-01", true),
            v(2, "2026-01-01", true),
            v(3, "2026-01-01", true),  // same day: the higher id wins
            v(4, "2026-02-01", false), // a draft never counts
            v(5, "2026-07-01", true),
            v(6, "2026-09-01", true),
        ];
        assert_eq!(in_force(&versions, d("2024-12-31")), None);
        assert_eq!(in_force(&versions, d("2025-06-01")), Some(1));
        assert_eq!(in_force(&versions, d("2025-12-31")), Some(1));
        assert_eq!(in_force(&versions, d("2026-01-01")), Some(3));
        assert_eq!(in_force(&versions, d("2026-03-01")), Some(3));
        assert_eq!(in_force(&versions, d("2026-07-01")), Some(5));
        assert_eq!(upcoming(&versions, d("2026-01-15")), Some(5));
        assert_eq!(upcoming(&versions, d("2026-07-01")), Some(6));
        assert_eq!(upcoming(&versions, d("2026-09-01")), None);
        assert_eq!(upcoming(&versions, d("2025-12-31")), Some(3));
        assert_eq!(in_force(&[], d("2026-01-01")), None);

        assert!(may_edit_version(false));
        assert!(!may_edit_version(true));
        assert_eq!(may_publish(d("2026-03-01"), d("2026-03-01")), Ok(()));
        assert_eq!(may_publish(d("2026-04-01"), d("2026-03-01")), Ok(()));
        assert_eq!(
            may_publish(d("2026-02-28"), d("2026-03-01")),
            Err(BillingError::BackdatedVersion)
        );
    }

    #[test]
    fn receivables_ageing_bucket_boundaries() {
        use AgeingBucket as B;
        let due = d("2026-01-01");
        let at = |days: u64| ageing_bucket(due, due + Days::new(days));
        assert_eq!(ageing_bucket(due, d("2025-12-01")), B::Current);
        assert_eq!(at(0), B::Current);
        assert_eq!(at(1), B::Days1To30);
        assert_eq!(at(30), B::Days1To30);
        assert_eq!(at(31), B::Days31To60);
        assert_eq!(at(60), B::Days31To60);
        assert_eq!(at(61), B::Days61To90);
        assert_eq!(at(90), B::Days61To90);
        assert_eq!(at(91), B::Over90);
        assert_eq!(at(1000), B::Over90);
        let names: Vec<_> = B::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(names, ["current", "1-30", "31-60", "61-90", "90+"]);
        for b in B::ALL {
            assert_eq!(B::parse(b.as_str()), Some(b));
            assert_eq!(
                serde_json::to_string(&b).unwrap(),
                format!("\"{}\"", b.as_str())
            );
        }
    }

    #[test]
    fn enums_serialize_as_their_stored_names() {
        for s in InvoiceStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for r in ReminderStage::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        for e in BillingError::ALL {
            assert_eq!(
                serde_json::to_string(&e).unwrap(),
                format!("\"{}\"", e.as_str())
            );
            assert!(!e.to_string().is_empty());
        }
        // Fen is transparent: totals serialize as plain integers.
        let t = InvoiceTotals {
            total: Fen(5),
            balance: Fen(5),
            ..InvoiceTotals::default()
        };
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains("\"total\":5"), "{json}");
        assert_eq!(serde_json::from_str::<InvoiceTotals>(&json).unwrap(), t);
    }

    #[derive(Debug, Clone)]
    enum Event {
        Pay(i64),
        Credits(Vec<i64>),
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (1i64..2_000_000).prop_map(Event::Pay),
            proptest::collection::vec(-1_000i64..1_000_000, 0..5).prop_map(Event::Credits),
        ]
    }

    proptest! {
        /// Clause 8.2: credit notes against one invoice never credit more than it charged, never
        /// make it negative, and what they do not settle stays as credit, refundable at most once.
        #[test]
        fn clause_8_2_credit_notes_never_make_an_invoice_negative(
            total in 0i64..10_000_000,
            waived in 0i64..1_000_000,
            paid in 0i64..10_000_000,
            notes in proptest::collection::vec(1i64..5_000_000, 0..6),
            refund in 0i64..5_000_000,
        ) {
            let waived = waived.min(total);
            let paid = paid.min(total - waived);
            let (mut balance, mut noted, mut credit) =
                (Fen(total - waived - paid), Fen::ZERO, Fen::ZERO);
            for n in notes {
                let limit = credit_note_limit(Fen(total), Fen(waived), noted);
                if Fen(n) > limit {
                    continue;
                }
                let s = split_credit_note(balance, Fen(n));
                prop_assert_eq!(s.applied.0 + s.excess.0, n);
                balance = Fen(balance.0 - s.applied.0);
                prop_assert!(balance >= Fen::ZERO);
                noted = Fen(noted.0 + n);
                credit = Fen(credit.0 + s.excess.0);
            }
            prop_assert!(noted.0 <= total - waived);
            // balance = issued − waived − paid − credited
            prop_assert_eq!(balance.0, total - waived - paid - (noted.0 - credit.0));
            if refund_fits(credit, Fen(refund)) {
                credit = Fen(credit.0 - refund);
                prop_assert!(credit >= Fen::ZERO);
            } else {
                prop_assert!(refund == 0 || refund > credit.0);
            }
        }

        /// Clause 6.2: totals are exact sums of lines rounded once each, and each rounding is
        /// within half a fen of the exact rational value.
        #[test]
        fn clause_6_2_totals_are_exact_and_line_rounding_is_within_a_fen(
            raw in proptest::collection::vec(
                (1i64..1000, 0i64..100_000_000, 0i64..=10_000, 0i64..=10_000),
                1..20,
            ),
        ) {
            let mut lines = Vec::new();
            for &(q, p, dbp, tbp) in &raw {
                let l = price_line(&line(q, p, dbp, tbp)).unwrap();
                prop_assert!(l.is_consistent());
                prop_assert_eq!(l.amount.0, q * p);
                // |discount − amount·bp/10000| ≤ ½ fen (so certainly within 1 fen).
                let exact_d = i128::from(l.amount.0) * i128::from(dbp);
                let err_d = i128::from(l.discount.0) * i128::from(BP) - exact_d;
                prop_assert!(err_d.abs() <= i128::from(BP / 2), "discount {err_d}");
                prop_assert!(err_d > -i128::from(BP / 2), "half-up, never half-down");
                let exact_t = i128::from(l.net.0) * i128::from(tbp);
                let err_t = i128::from(l.tax.0) * i128::from(BP) - exact_t;
                prop_assert!(err_t.abs() <= i128::from(BP / 2), "tax {err_t}");
                prop_assert!(err_t > -i128::from(BP / 2));
                lines.push(l);
            }
            let t = invoice_totals(&lines, Fen::ZERO, Fen::ZERO, Fen::ZERO).unwrap();
            prop_assert_eq!(t.total.0, t.subtotal.0 - t.discount.0 + t.tax.0);
            prop_assert!(t.discount <= t.subtotal);
            prop_assert_eq!(t.balance, t.total);
            prop_assert_eq!(t.total.0, lines.iter().map(|l| l.total.0).sum::<i64>());
        }

        /// Clauses 6.2 and 8.2: however payments and credits arrive, the balance is
        /// total − paid − credited, never negative, and excess appears only once it is 0.
        #[test]
        fn clause_8_2_payments_and_credits_never_overapply(
            total in 0i64..10_000_000,
            events in proptest::collection::vec(event(), 0..12),
        ) {
            let lines = [price_line(&line(1, total, 0, 0)).unwrap()];
            let total = Fen(total);
            let (mut balance, mut paid, mut credited, mut excess) =
                (total, Fen::ZERO, Fen::ZERO, Fen::ZERO);
            for (i, e) in events.into_iter().enumerate() {
                match e {
                    Event::Pay(amount) => {
                        let a = allocate_payment(balance, Fen(amount));
                        prop_assert_eq!(a.applied.0 + a.excess.0, amount);
                        prop_assert!(a.applied >= Fen::ZERO && a.excess >= Fen::ZERO);
                        balance = Fen(balance.0 - a.applied.0);
                        paid = Fen(paid.0 + a.applied.0);
                        if a.excess > Fen::ZERO {
                            prop_assert_eq!(balance, Fen::ZERO, "excess before the balance is 0");
                        }
                        excess = Fen(excess.0 + a.excess.0);
                    }
                    Event::Credits(rem) => {
                        let credits: Vec<(i64, Fen)> = rem
                            .iter()
                            .enumerate()
                            .map(|(j, &r)| ((i * 10 + j) as i64, Fen(r)))
                            .collect();
                        let taken = apply_credits(balance, &credits);
                        let sum: i64 = taken.iter().map(|(_, f)| f.0).sum();
                        prop_assert!(sum <= balance.0);
                        for (id, f) in &taken {
                            let (_, r) = credits.iter().find(|(c, _)| c == id).unwrap();
                            prop_assert!(*f > Fen::ZERO && f <= r);
                        }
                        // Everything usable was used, up to the balance.
                        let usable: i64 = rem.iter().filter(|&&r| r > 0).sum();
                        prop_assert_eq!(sum, usable.min(balance.0));
                        balance = Fen(balance.0 - sum);
                        credited = Fen(credited.0 + sum);
                    }
                }
                prop_assert!(balance >= Fen::ZERO);
                let t = invoice_totals(&lines, Fen::ZERO, paid, credited).unwrap();
                prop_assert_eq!(t.balance, balance);
                prop_assert_eq!(balance.0, total.0 - paid.0 - credited.0);
                let status = InvoiceStatus::after_settlement(total, t.settled());
                prop_assert_eq!(status == InvoiceStatus::Paid, balance == Fen::ZERO);
            }
            prop_assert!(excess == Fen::ZERO || balance == Fen::ZERO);
        }

        /// Rounding is monotone: more money never gives a smaller discount or tax.
        #[test]
        fn bp_of_is_monotone_in_amount(
            a in 0i64..1_000_000_000_000_000_000,
            delta in 0i64..1_000_000,
            bp in 0i64..=10_000,
        ) {
            let small = bp_of(Fen(a), bp);
            let large = bp_of(Fen(a + delta), bp);
            prop_assert!(small <= large);
            prop_assert!(large <= Fen(a + delta));
            prop_assert!(small >= Fen::ZERO);
            prop_assert!(bp_of(Fen(a), bp) <= bp_of(Fen(a), (bp + 1).min(BP)));
        }
    }
}
