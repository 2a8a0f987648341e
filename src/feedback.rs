//! Customer feedback (clause 5.3.1): ratings of resolved requests and closed complaints,
//! free-form feedback, and feedback staff record. Pure; see `services::feedback`.
//!
//! A customer rates an item of theirs — a request once it is resolved (or closed), a complaint
//! once it is closed — from 1 to 5 with an optional comment, once per item, and may change the
//! rating for [`CHANGE_DAYS`] days after they first gave it. Free-form feedback (comment
//! required, rating optional) can be given from the portal at any time; staff record feedback
//! received by phone, e-mail or at a branch with its channel.

use crate::desk::Channel;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// How long after the first rating the customer may change it.
pub const CHANGE_DAYS: i64 = 7;
/// How long after an item was finished the portal keeps asking for a rating.
pub const AWAITING_DAYS: i64 = 30;
/// The longest comment.
pub const COMMENT_MAX: usize = 2_000;

const DAY_MS: i64 = 86_400_000;

/// What can be rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Request,
    Complaint,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Request => "request",
            ItemKind::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "request" => Some(ItemKind::Request),
            "complaint" => Some(ItemKind::Complaint),
            _ => None,
        }
    }
}

/// A rated item by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub id: i64,
}

impl Item {
    pub fn request(id: i64) -> Item {
        Item {
            kind: ItemKind::Request,
            id,
        }
    }

    pub fn complaint(id: i64) -> Item {
        Item {
            kind: ItemKind::Complaint,
            id,
        }
    }

    /// Where the customer sees the item (and rates it).
    pub fn portal_href(self) -> String {
        match self.kind {
            ItemKind::Request => format!("/portal/requests/{}", self.id),
            ItemKind::Complaint => format!("/portal/complaints/{}", self.id),
        }
    }

    /// Where staff see the item.
    pub fn admin_href(self) -> String {
        match self.kind {
            ItemKind::Request => format!("/admin/queue/{}", self.id),
            ItemKind::Complaint => format!("/admin/complaints/{}", self.id),
        }
    }

    /// `request-12`, `complaint-3`: for `data-*` attributes.
    pub fn key(self) -> String {
        format!("{}-{}", self.kind.as_str(), self.id)
    }
}

/// An item as shown: its id and a label such as `#12 发票抬头` or `CMP-2026-000001 …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLabel {
    pub item: Item,
    pub label: String,
}

/// The label of a request: `#12 subject`.
pub fn request_label(id: i64, subject: &str) -> String {
    format!("#{id} {subject}")
}

/// The label of a complaint: `CMP-2026-000001 subject`.
pub fn complaint_label(number: &str, subject: &str) -> String {
    format!("{number} {subject}")
}

/// A rating must be a whole number from 1 to 5.
pub fn check_rating(r: i64) -> Result<i64, Msg> {
    if (1..=5).contains(&r) {
        Ok(r)
    } else {
        Err(Msg::FbErrRating)
    }
}

/// A rating as typed or chosen in a form: empty is none, else 1–5.
pub fn parse_rating(s: &str) -> Result<Option<i64>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>()
        .map_err(|_| Msg::FbErrRating)
        .and_then(check_rating)
        .map(Some)
}

/// A comment, trimmed: at most [`COMMENT_MAX`] characters; `required` refuses an empty one.
pub fn check_comment(s: &str, required: bool) -> Result<String, Msg> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(Msg::FbErrCommentRequired);
    }
    if t.chars().count() > COMMENT_MAX {
        return Err(Msg::ErrTextTooLong);
    }
    Ok(t.to_string())
}

/// Until when a rating first given at `first_rated_at` may be changed (Unix ms).
pub fn change_until(first_rated_at: i64) -> i64 {
    first_rated_at + CHANGE_DAYS * DAY_MS
}

/// Whether a rating first given at `first_rated_at` may still be changed at `now`: for
/// [`CHANGE_DAYS`] days, the last instant included.
pub fn can_change(first_rated_at: i64, now: i64) -> bool {
    now >= first_rated_at && now <= change_until(first_rated_at)
}

/// Whether an item finished at `finished_at` is still awaiting a rating at `now`.
pub fn still_asked(finished_at: i64, now: i64) -> bool {
    now - finished_at <= AWAITING_DAYS * DAY_MS
}

/// What staff typed to name an item: a request (`#12`, `12`) or a complaint
/// (`CMP-2026-000001`, any case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reference {
    Request(i64),
    Complaint(String),
}

/// Parses a reference; empty is none. Anything else is [`Msg::FbErrReference`].
pub fn parse_reference(s: &str) -> Result<Option<Reference>, Msg> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let upper = s.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("CMP-") {
        let ok = matches!(rest.split_once('-'), Some((y, n))
            if y.len() == 4 && !n.is_empty()
                && y.bytes().all(|b| b.is_ascii_digit())
                && n.bytes().all(|b| b.is_ascii_digit()));
        return if ok {
            Ok(Some(Reference::Complaint(upper)))
        } else {
            Err(Msg::FbErrReference)
        };
    }
    let digits = s.strip_prefix('#').unwrap_or(s).trim();
    match digits.parse::<i64>() {
        Ok(id) if id > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(Reference::Request(id)))
        }
        _ => Err(Msg::FbErrReference),
    }
}

/// `★★★☆☆` for 3: the rating drawn as five stars.
pub fn stars(rating: i64) -> String {
    let r = rating.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

/// One piece of feedback as the customer (their history) or staff (the list) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_email: String,
    /// The rated request or complaint; `None` for free-form feedback.
    pub item: Option<ItemLabel>,
    pub rating: Option<i64>,
    pub comment: String,
    pub channel: Channel,
    /// Who handled the item when it was rated.
    pub agent_name: Option<String>,
    pub branch_name: Option<String>,
    /// The staff member who recorded feedback received by phone, e-mail or at a branch.
    pub recorded_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The customer may still change it (an item's rating, given on the web, within 7 days).
    pub can_change: bool,
}

/// A resolved request or closed complaint of the customer's without a rating yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingRating {
    pub item: ItemLabel,
    /// When it was resolved or closed.
    pub finished_at: i64,
}

/// The customer's feedback page: what awaits a rating and what they said so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyFeedback {
    pub awaiting: Vec<AwaitingRating>,
    pub history: Vec<FeedbackView>,
}

/// An item's rating for its customer, on the item's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRating {
    pub item: Item,
    /// Resolved or closed: it can be rated.
    pub finished: bool,
    pub feedback: Option<FeedbackView>,
    /// A (new or changed) rating can be given now.
    pub can_rate: bool,
    /// Until when the rating can be changed, once given.
    pub change_until: Option<i64>,
}

/// The staff list's filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackFilter {
    pub rating: Option<i64>,
    pub channel: Option<Channel>,
    pub month: Option<crate::quality::Period>,
}

/// One page of the staff list, newest first; `next` continues it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub rows: Vec<FeedbackView>,
    pub next: Option<String>,
}

/// The list's cursor as text (`created_at.id`) and back.
pub fn cursor_text(created_at: i64, id: i64) -> String {
    format!("{created_at}.{id}")
}

pub fn parse_cursor(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_5_3_1_ratings_are_one_to_five() {
        for r in 1..=5 {
            assert_eq!(check_rating(r), Ok(r));
        }
        for r in [0, 6, -1, 10] {
            assert_eq!(check_rating(r), Err(Msg::FbErrRating));
        }
        assert_eq!(parse_rating(""), Ok(None));
        assert_eq!(parse_rating(" 4 "), Ok(Some(4)));
        assert_eq!(parse_rating("0"), Err(Msg::FbErrRating));
        assert_eq!(parse_rating("4.5"), Err(Msg::FbErrRating));
        assert_eq!(parse_rating("five"), Err(Msg::FbErrRating));
    }

    #[test]
    fn clause_5_3_1_comments_are_optional_but_bounded() {
        assert_eq!(check_comment("  好  ", false), Ok("好".into()));
        assert_eq!(check_comment("", false), Ok(String::new()));
        assert_eq!(check_comment("  ", true), Err(Msg::FbErrCommentRequired));
        let long: String = "字".repeat(COMMENT_MAX);
        assert_eq!(check_comment(&long, true), Ok(long.clone()));
        assert_eq!(
            check_comment(&format!("{long}字"), false),
            Err(Msg::ErrTextTooLong)
        );
    }

    #[test]
    fn clause_5_3_1_a_rating_can_be_changed_for_seven_days() {
        let first = 1_793_462_400_000;
        assert!(can_change(first, first));
        assert!(can_change(first, first + 6 * DAY_MS));
        assert!(can_change(first, first + 7 * DAY_MS));
        assert!(!can_change(first, first + 7 * DAY_MS + 1));
        assert!(!can_change(first, first - 1), "not before it was given");
        assert_eq!(change_until(first), first + 7 * DAY_MS);
        assert!(still_asked(first, first + 30 * DAY_MS));
        assert!(!still_asked(first, first + 30 * DAY_MS + 1));
    }

    #[test]
    fn clause_5_3_1_references_name_a_request_or_a_complaint() {
        assert_eq!(parse_reference(""), Ok(None));
        assert_eq!(parse_reference("#12"), Ok(Some(Reference::Request(12))));
        assert_eq!(parse_reference(" 12 "), Ok(Some(Reference::Request(12))));
        assert_eq!(
            parse_reference("cmp-2026-000001"),
            Ok(Some(Reference::Complaint("CMP-2026-000001".into())))
        );
        for bad in [
            "#",
            "#-3",
            "0",
            "12a",
            "INV-2026-000001",
            "CMP-26-1",
            "CMP-2026-",
            "+5",
        ] {
            assert_eq!(parse_reference(bad), Err(Msg::FbErrReference), "{bad}");
        }
    }

    #[test]
    fn clause_5_3_1_items_link_and_draw() {
        let r = Item::request(12);
        assert_eq!(r.portal_href(), "/portal/requests/12");
        assert_eq!(r.admin_href(), "/admin/queue/12");
        assert_eq!(Item::complaint(3).portal_href(), "/portal/complaints/3");
        assert_eq!(Item::complaint(3).key(), "complaint-3");
        assert_eq!(ItemKind::parse("request"), Some(ItemKind::Request));
        assert_eq!(ItemKind::parse("x"), None);
        assert_eq!(stars(3), "★★★☆☆");
        assert_eq!(stars(5), "★★★★★");
        assert_eq!(request_label(12, "发票"), "#12 发票");
        assert_eq!(parse_cursor(&cursor_text(1_700, 9)), Some((1_700, 9)));
        assert_eq!(parse_cursor("x.1"), None);
    }
}
