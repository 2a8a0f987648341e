//! The eligibility explanation (clause 2.1.1), shown alike to the customer on the portal and
//! to staff in the customer record: per level, spend and points over the rolling 12 months
//! with progress bars, what is missing, "spend ¥X more by DATE" (accounting for purchases that
//! leave the window by then) and, once reached, how long the level holds without new spend.

use crate::pages::ClauseRef;
use crate::session::{t, tf, use_lang};
use leptos::prelude::*;
use vipcare::eligibility::{window_start, CustomerProgress, LevelProgress};
use vipcare::levels::VipLevel;
use vipcare::time::format_shanghai;
use vipcare::Msg;

fn points(n: i64) -> String {
    vipcare::money::group_thousands(n)
}

/// Who reads the panel: the customer ("you") or staff ("the customer").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Customer,
    Staff,
}

impl Reader {
    fn pick(self, customer: Msg, staff: Msg) -> Msg {
        match self {
            Reader::Customer => customer,
            Reader::Staff => staff,
        }
    }
}

#[component]
pub fn EligibilityPanel(progress: CustomerProgress, reader: Reader) -> impl IntoView {
    let lang = use_lang();
    let reached = progress.reached_level().cloned();
    let status = match &reached {
        Some(l) => view! {
            <p class="notice notice-ok" data-test="eligibility-status" data-reached="true">
                {tf(reader.pick(Msg::EligibilityReached, Msg::EligibilityReachedStaff), &[l.name(lang)])}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="notice notice-info" data-test="eligibility-status" data-reached="false">
                {t(reader.pick(Msg::EligibilityNotReached, Msg::EligibilityNotReachedStaff))}
            </p>
        }
        .into_any(),
    };
    let window = tf(
        Msg::EligibilityWindow,
        &[
            &window_start(progress.today).to_string(),
            &progress.today.to_string(),
        ],
    );
    let rows = progress
        .progress
        .iter()
        .filter_map(|p| {
            progress
                .level(p.level_id)
                .map(|l| view! { <LevelBlock level=l.clone() p=p.clone() reader /> })
        })
        .collect_view();
    let recent = progress.recent.clone();
    view! {
        <section class="card" data-test="eligibility">
            <h2>{t(reader.pick(Msg::EligibilityTitle, Msg::EligibilityTitleStaff))} <ClauseRef id="2.1.1" /></h2>
            {status}
            <p class="muted">{window}</p>
            {rows}
            <h3>{t(Msg::LedgerRecentTitle)}</h3>
            {if recent.is_empty() {
                view! { <p class="muted" data-test="ledger-empty">{t(Msg::LedgerEmpty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table table-compact" data-test="ledger-lines">
                            <thead>
                                <tr>
                                    <th scope="col">{t(Msg::LedgerOccurredAt)}</th>
                                    <th scope="col">{t(Msg::LedgerKind)}</th>
                                    <th scope="col">{t(Msg::LedgerExternalId)}</th>
                                    <th scope="col" class="num">{t(Msg::LedgerAmount)}</th>
                                    <th scope="col" class="num">{t(Msg::LedgerPoints)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {recent
                                    .into_iter()
                                    .map(|l| view! {
                                        <tr>
                                            <td>{format_shanghai(l.occurred_at_ms)}</td>
                                            <td>{t(l.kind.msg())}</td>
                                            <td><code>{l.external_id.clone()}</code></td>
                                            <td class="num">{l.amount.display_cny()}</td>
                                            <td class="num">{points(l.points)}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LevelBlock(level: VipLevel, p: LevelProgress, reader: Reader) -> impl IntoView {
    let lang = use_lang();
    let name = level.name(lang).to_string();
    let threshold = tf(
        Msg::EligibilityThreshold,
        &[
            &level.spend_threshold.display_cny(),
            &points(level.points_threshold),
        ],
    );
    let spend_line = format!(
        "{} / {}",
        p.spend.display_cny(),
        level.spend_threshold.display_cny()
    );
    let points_line = format!("{} / {}", points(p.points), points(level.points_threshold));
    let verdict = if p.reached {
        let kept = match p.kept_until {
            Some(d) if d < chrono::NaiveDate::MAX => tf(
                reader.pick(Msg::EligibilityKeptUntil, Msg::EligibilityKeptUntilStaff),
                &[&d.to_string()],
            ),
            _ => t(Msg::EligibilityKeptIndefinitely).to_string(),
        };
        view! {
            <p data-test="level-verdict">
                <span class="badge badge-ok">{t(Msg::EligibilityLevelReached)}</span>
                " "
                <span data-test="kept-until">{kept}</span>
            </p>
        }
        .into_any()
    } else {
        let missing = tf(
            Msg::EligibilityMissing,
            &[&p.spend_missing.display_cny(), &points(p.points_missing)],
        );
        let by = tf(
            reader.pick(
                Msg::EligibilitySpendMoreBy,
                Msg::EligibilitySpendMoreByStaff,
            ),
            &[
                &p.spend_needed_by_target.display_cny(),
                &p.target.to_string(),
            ],
        );
        let rolls_off = p.spend_needed_by_target > p.spend_missing;
        view! {
            <p data-test="level-missing">{missing}</p>
            <p class="lead-line" data-test="spend-needed">
                <strong>{by}</strong>
            </p>
            {rolls_off.then(|| view! { <p class="hint">{t(Msg::EligibilityRollOffNote)}</p> })}
        }
        .into_any()
    };
    let spend_id = format!("spend-{}", level.code);
    let points_id = format!("points-{}", level.code);
    view! {
        <div class="level-progress" data-test="level-progress" data-level=level.code.clone()>
            <h3>{name} <span class="muted small">{threshold}</span></h3>
            <div class="meter">
                <label for=spend_id.clone()>{t(Msg::EligibilitySpend12m)}</label>
                <span class="meter-value" data-test="spend">{spend_line}</span>
                <progress id=spend_id max="100" value=p.spend_percent>{format!("{}%", p.spend_percent)}</progress>
            </div>
            <div class="meter">
                <label for=points_id.clone()>{t(Msg::EligibilityPoints12m)}</label>
                <span class="meter-value" data-test="points">{points_line}</span>
                <progress id=points_id max="100" value=p.points_percent>{format!("{}%", p.points_percent)}</progress>
            </div>
            {verdict}
        </div>
    }
}
