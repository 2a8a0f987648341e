//! Invoices, payments and credits as shown to customers and finance (clauses 6.2, 6.3, 8.2,
//! 9.3). The arithmetic lives in [`crate::billing`]; these are the shapes the pages use.

use crate::billing::{
    AdjustmentKind, AdjustmentStatus, CreditKind, InvoiceStatus, InvoiceTotals, PaymentMethod,
};
use crate::{Fen, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One numbered line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub line_no: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub service_date: NaiveDate,
    pub quantity: i64,
    pub unit_price: Fen,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub amount: Fen,
    pub discount: Fen,
    pub tax: Fen,
    pub total: Fen,
}

impl InvoiceLine {
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    pub fn unit(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.unit_zh, &self.unit_en)
    }
}

/// A payment recorded against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: i64,
    pub method: PaymentMethod,
    pub reference: String,
    pub amount: Fen,
    pub applied: Fen,
    pub received_on: NaiveDate,
}

/// A proposed, approved or rejected waiver / extra discount (6.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentView {
    pub id: i64,
    pub kind: AdjustmentKind,
    pub amount: Fen,
    pub reason: String,
    pub status: AdjustmentStatus,
    pub proposed_by: i64,
    pub proposer_name: String,
    pub decider_name: Option<String>,
    pub decision_note: Option<String>,
}

/// An invoice with everything on its printable view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub id: i64,
    pub number: Option<String>,
    /// As shown today: `Overdue` is derived from the due date.
    pub status: InvoiceStatus,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub company: String,
    pub level_name: Option<String>,
    pub discount_bp: i64,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    /// Days until the due date (negative when overdue); only while something is owed.
    pub days_to_due: Option<i64>,
    pub lines: Vec<InvoiceLine>,
    pub totals: InvoiceTotals,
    pub payments: Vec<PaymentView>,
    /// Waivers and extra discounts, for finance (customers see only the total waived).
    pub adjustments: Vec<AdjustmentView>,
    pub note: String,
    pub void_reason: Option<String>,
}

/// A row of an invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: i64,
    pub number: Option<String>,
    pub status: InvoiceStatus,
    pub customer_id: i64,
    pub customer_name: String,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub total: Fen,
    pub balance: Fen,
}

/// A customer's billing overview (portal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBilling {
    pub invoices: Vec<InvoiceSummary>,
    /// Owed on issued invoices.
    pub outstanding: Fen,
    /// Unused credit.
    pub credit: Fen,
    pub credits: Vec<CreditView>,
    pub refunds: Vec<RefundView>,
}

/// A credit note or overpayment (8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditView {
    pub id: i64,
    pub number: String,
    pub kind: crate::billing::CreditKind,
    pub amount: Fen,
    pub remaining: Fen,
    pub reason: String,
    pub issued_on: NaiveDate,
}

/// A credit as finance sees it (8.2): whose, from what, what is left and what was refunded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditAdminView {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub kind: CreditKind,
    pub amount: Fen,
    pub remaining: Fen,
    pub refunded: Fen,
    pub reason: String,
    pub issued_on: NaiveDate,
}

/// Money paid back out of a credit (8.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub id: i64,
    pub credit_number: String,
    pub amount: Fen,
    pub method: PaymentMethod,
    pub reference: String,
    pub refunded_on: NaiveDate,
}

/// What issuing a credit note did: its number, how much settled the invoice at once and how
/// much is left as credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditNoteOutcome {
    pub credit_id: i64,
    pub number: String,
    pub applied: Fen,
    pub remaining: Fen,
}

/// A positive amount in yuan and a reason (1–2,000 characters), as typed by finance for a credit
/// note or a refund.
pub fn parse_amount_and_reason(
    amount_yuan: &str,
    reason: &str,
) -> Result<(Fen, String), (&'static str, Msg)> {
    let amount = match Fen::parse_yuan(amount_yuan) {
        Some(f) if f.0 > 0 && f.0 <= 1_000_000_000_000 => f,
        _ => return Err(("amount_yuan", Msg::ErrAmount)),
    };
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(("reason", Msg::ErrTextRequired));
    }
    if reason.chars().count() > 2_000 {
        return Err(("reason", Msg::ErrTextTooLong));
    }
    Ok((amount, reason.to_string()))
}

/// The refund form as typed by finance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundInput {
    pub method: String,
    pub reference: String,
    pub amount_yuan: String,
    pub refunded_on: String,
    pub reason: String,
}

/// A checked refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRefund {
    pub method: PaymentMethod,
    pub reference: String,
    pub amount: Fen,
    pub refunded_on: NaiveDate,
    pub reason: String,
}

impl RefundInput {
    /// An empty date is `today`; a date in the future is refused.
    pub fn parse(&self, today: NaiveDate) -> Result<NewRefund, (&'static str, Msg)> {
        let method =
            PaymentMethod::parse(self.method.trim()).ok_or(("method", Msg::ErrPaymentMethod))?;
        let reference = self.reference.trim();
        if reference.is_empty() || reference.chars().count() > 80 {
            return Err(("reference", Msg::ErrFeeText));
        }
        let (amount, reason) = parse_amount_and_reason(&self.amount_yuan, &self.reason)?;
        let refunded_on = parse_date_or(&self.refunded_on, today)
            .filter(|d| *d <= today)
            .ok_or(("refunded_on", Msg::ErrDateInvalid))?;
        Ok(NewRefund {
            method,
            reference: reference.to_string(),
            amount,
            refunded_on,
            reason,
        })
    }
}

/// A checkout as the test gateway's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutInfo {
    pub token: String,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub amount: Fen,
    pub status: String,
    pub company: String,
}

/// What recording a payment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentOutcome {
    pub payment_id: i64,
    pub applied: Fen,
    /// Overpayment turned into customer credit.
    pub credit: Fen,
    pub status: InvoiceStatus,
}

/// A `YYYY-MM-DD` date as typed, or `default` when left empty.
pub fn parse_date_or(s: &str, default: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return Some(default);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// One line of the invoice form as typed by finance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub code: String,
    pub quantity: String,
    pub service_date: String,
}

/// A checked line: fee item code, quantity and service date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub code: String,
    pub quantity: i64,
    pub service_date: NaiveDate,
}

impl LineInput {
    /// `Ok(None)` for an empty row of the form; an empty date is `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<Option<DraftLine>, Msg> {
        if self.code.trim().is_empty()
            && self.quantity.trim().is_empty()
            && self.service_date.trim().is_empty()
        {
            return Ok(None);
        }
        let code = crate::fees::parse_code(&self.code).ok_or(Msg::ErrFeeCode)?;
        let quantity = match self.quantity.trim().parse::<i64>() {
            Ok(q) if (1..=1_000_000).contains(&q) => q,
            _ => return Err(Msg::ErrQuantity),
        };
        let service_date = parse_date_or(&self.service_date, today).ok_or(Msg::ErrDateInvalid)?;
        Ok(Some(DraftLine {
            code,
            quantity,
            service_date,
        }))
    }
}

/// The payment form as typed by finance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    pub method: String,
    pub reference: String,
    pub amount_yuan: String,
    pub received_on: String,
}

/// A checked payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    pub method: PaymentMethod,
    pub reference: String,
    pub amount: Fen,
    pub received_on: NaiveDate,
}

impl PaymentInput {
    /// An empty date is `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewPayment, (&'static str, Msg)> {
        let method =
            PaymentMethod::parse(self.method.trim()).ok_or(("method", Msg::ErrPaymentMethod))?;
        let reference = self.reference.trim();
        if reference.is_empty() || reference.chars().count() > 80 {
            return Err(("reference", Msg::ErrFeeText));
        }
        let amount = match Fen::parse_yuan(&self.amount_yuan) {
            Some(f) if f.0 > 0 && f.0 <= 1_000_000_000_000 => f,
            _ => return Err(("amount_yuan", Msg::ErrAmountInvalid)),
        };
        let received_on =
            parse_date_or(&self.received_on, today).ok_or(("received_on", Msg::ErrDateInvalid))?;
        Ok(NewPayment {
            method,
            reference: reference.to_string(),
            amount,
            received_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn clause_6_2_line_input_checks_each_field() {
        let ok = LineInput {
            code: "consult-hour".into(),
            quantity: "2".into(),
            service_date: "2026-11-01".into(),
        };
        assert_eq!(ok.parse(today()).unwrap().unwrap().quantity, 2);
        assert_eq!(LineInput::default().parse(today()), Ok(None));
        let mut bad = ok.clone();
        bad.quantity = "0".into();
        assert_eq!(bad.parse(today()), Err(Msg::ErrQuantity));
        let mut blank = ok.clone();
        blank.service_date = " ".into();
        assert_eq!(blank.parse(today()).unwrap().unwrap().service_date, today());
        let mut bad = ok.clone();
        bad.service_date = "2026-13-01".into();
        assert_eq!(bad.parse(today()), Err(Msg::ErrDateInvalid));
    }

    #[test]
    fn clause_6_2_payment_input_refuses_zero_and_unknown_methods() {
        let ok = PaymentInput {
            method: "bank_transfer".into(),
            reference: "TX-1".into(),
            amount_yuan: "100.5".into(),
            received_on: "2026-11-20".into(),
        };
        assert_eq!(ok.parse(today()).unwrap().amount, Fen(10_050));
        let mut bad = ok.clone();
        bad.amount_yuan = "0".into();
        assert_eq!(bad.parse(today()).unwrap_err().0, "amount_yuan");
        let mut bad = ok.clone();
        bad.method = "cheque".into();
        assert_eq!(bad.parse(today()).unwrap_err().0, "method");
    }

    #[test]
    fn clause_8_2_refund_input_needs_amount_reference_reason_and_no_future_date() {
        let ok = RefundInput {
            method: "bank_transfer".into(),
            reference: "RF-1".into(),
            amount_yuan: "12.30".into(),
            refunded_on: "".into(),
            reason: "customer asked".into(),
        };
        let r = ok.parse(today()).unwrap();
        assert_eq!((r.amount, r.refunded_on), (Fen(1_230), today()));
        let field = |f: &dyn Fn(&mut RefundInput)| {
            let mut i = ok.clone();
            f(&mut i);
            i.parse(today()).unwrap_err().0
        };
        assert_eq!(field(&|i| i.amount_yuan = "-1".into()), "amount_yuan");
        assert_eq!(field(&|i| i.reason = "  ".into()), "reason");
        assert_eq!(field(&|i| i.reference = "".into()), "reference");
        assert_eq!(
            field(&|i| i.refunded_on = "2026-11-26".into()),
            "refunded_on"
        );
        assert_eq!(field(&|i| i.method = "cheque".into()), "method");
    }
}
