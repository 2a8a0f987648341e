//! Quality standards, monthly evaluations and training (5.2.1, 5.2.2).
//!
//! **Evaluations.** A month (Asia/Shanghai) is evaluated once it has ended — by the monthly job
//! or on demand — and stored per agent, per branch and for the whole programme together with
//! the standards it was judged by. A stored month is closed: evaluating it again returns it
//! unchanged whatever happened to the data since; only an admin recomputes it explicitly
//! (`revision` + 1, audited with the figures before and after). The data is read in one read
//! transaction (a consistent snapshot) in batches; the results are written in one
//! `BEGIN IMMEDIATE` transaction that re-checks whether another node stored the month first
//! (then it returns that one), so two nodes running the job side by side store it once.
//!
//! What counts (the rules are in [`crate::quality`]): requests resolved in the month, per
//! assignee and branch, with their first-response and resolution working times on each
//! request's own SLA calendar (its `sla_json` snapshot, pauses excluded) and their SLA targets
//! met ([`crate::quality::sla_outcome`]); ratings given in the month, per the agent and branch
//! the feedback recorded when rated; complaints received in the month, per the agent named
//! (else the assignee of the request complained about) and the complaint's branch.
//!
//! **Training.** Quality staff assign training to a staff member; only that staff member
//! marks it done (anyone else is told it does not exist); quality staff verify it or send it
//! back. Every step is audited and notified.

use super::audit::{self, Event};
use super::notifications::notify;
use super::{Actor, ServiceError, ServiceResult};
use crate::auth::{Permission, Role};
use crate::desk::SlaTerms;
use crate::i18n::{Lang, Msg};
use crate::notify::NotificationKind;
use crate::quality::{
    below_standard, parse_reasons, parse_standards, reasons_figures, reasons_text, request_times,
    sla_outcome, standards_json, AgentQuality, EvaluationPage, EvaluationRow, EvaluationSummary,
    Metrics, Period, Reason, Scope, StaffOption, Standards, StandardsView, Tally, TrainingList,
    TrainingStatus, TrainingStep, TrainingView, MATERIAL_MAX, NOTE_MAX, TOPIC_MAX,
};
use crate::sla::Pause;
use crate::store::quality::{self as st, EvaluationRecord, TrainingRow};
use crate::store::{Db, StoreError};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// Requests read per batch.
const PAGE: i64 = 20_000;

fn commit_err(e: sqlx::Error) -> ServiceError {
    StoreError::from(e).into()
}

fn invalid(field: &'static str, msg: Msg) -> ServiceError {
    ServiceError::Invalid { field, msg }
}

fn both(m: Msg) -> String {
    format!("{} / {}", m.text(Lang::Zh), m.text(Lang::En))
}

async fn roles_of(db: &Db, actor: &Actor) -> ServiceResult<Vec<Role>> {
    match actor.user_id {
        Some(id) => Ok(crate::store::users::roles(db.reader(), id).await?),
        None => Ok(Vec::new()),
    }
}

async fn require_admin(db: &Db, actor: &Actor) -> ServiceResult<()> {
    if roles_of(db, actor).await?.contains(&Role::Admin) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(Msg::QeErrAdminOnly))
    }
}

// ---------------------------------------------------------------- standards (5.2.2)

/// The quality standards in force (5.2.2).
pub async fn standards(db: &Db) -> ServiceResult<Standards> {
    Ok(st::standards(db.reader()).await?)
}

/// The standards page: the standards, who changed them last, and whether `may_edit`.
pub async fn standards_view(db: &Db, may_edit: bool) -> ServiceResult<StandardsView> {
    let standards = st::standards(db.reader()).await?;
    let (updated_by, updated_at) = st::standards_changed(db.reader()).await?;
    Ok(StandardsView {
        standards,
        updated_by,
        updated_at,
        may_edit,
    })
}

/// An admin sets the standards as typed: minimum CSAT (`4.0`), minimum number of ratings,
/// minimum SLA compliance in percent (`90`, `92.5`), and whether the public home page shows
/// last month's programme-wide figures. Bad input changes nothing (the error names the field);
/// saving what is stored records nothing; a change is audited with before and after.
pub async fn set_standards(
    db: &Db,
    actor: &Actor,
    min_csat: &str,
    min_ratings: &str,
    min_sla: &str,
    public_figures: bool,
    now: i64,
) -> ServiceResult<()> {
    require_admin(db, actor).await?;
    let after = parse_standards(min_csat, min_ratings, min_sla, public_figures)
        .map_err(|(f, m)| invalid(f, m))?;
    let mut tx = db.begin_write().await?;
    let before = st::standards(&mut *tx).await?;
    if before == after {
        return Ok(());
    }
    st::put_standards(&mut tx, &after, actor.user_id, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("quality.standards_changed", "quality_standards")
            .object(1)
            .before(json!(before))
            .after(json!(after)),
    )
    .await?;
    tx.commit().await.map_err(commit_err)
}

// ---------------------------------------------------------------- evaluations (5.2.1)

fn record_metrics(r: &EvaluationRecord) -> Metrics {
    Metrics {
        ratings: r.ratings,
        rating_sum: r.rating_sum,
        requests: r.requests,
        frt_median_secs: r.frt_median_secs,
        frt_p90_secs: r.frt_p90_secs,
        res_median_secs: r.res_median_secs,
        res_p90_secs: r.res_p90_secs,
        sla_met: r.sla_met,
        sla_total: r.sla_total,
        complaints: r.complaints,
        upheld: r.upheld,
    }
}

fn record_of(
    period: &str,
    scope: Scope,
    subject_id: i64,
    m: &Metrics,
    s: &Standards,
) -> EvaluationRecord {
    let reasons = below_standard(s, m);
    EvaluationRecord {
        period: period.to_string(),
        scope: scope.as_str().to_string(),
        subject_id,
        ratings: m.ratings,
        rating_sum: m.rating_sum,
        requests: m.requests,
        frt_median_secs: m.frt_median_secs,
        frt_p90_secs: m.frt_p90_secs,
        res_median_secs: m.res_median_secs,
        res_p90_secs: m.res_p90_secs,
        sla_met: m.sla_met,
        sla_total: m.sla_total,
        complaints: m.complaints,
        upheld: m.upheld,
        below_standard: !reasons.is_empty(),
        reasons: reasons_text(&reasons),
    }
}

/// The figures of stored rows, compactly, for the audit entry of a recomputation.
fn figures_json(rows: &[EvaluationRecord]) -> serde_json::Value {
    json!(rows
        .iter()
        .map(|r| json!([
            r.scope,
            r.subject_id,
            r.ratings,
            r.rating_sum,
            r.requests,
            r.frt_median_secs,
            r.frt_p90_secs,
            r.res_median_secs,
            r.res_p90_secs,
            r.sla_met,
            r.sla_total,
            r.complaints,
            r.upheld,
            r.below_standard,
        ]))
        .collect::<Vec<_>>())
}

/// Parsed SLA terms by their JSON snapshot. Requests share a handful of snapshots (one per
/// level's terms and calendar version), so the few most common are compared directly and the
/// rest looked up by hash.
#[derive(Default)]
struct TermsCache {
    recent: Vec<(String, Option<Arc<SlaTerms>>)>,
    map: HashMap<String, Option<Arc<SlaTerms>>>,
}

impl TermsCache {
    fn get(&mut self, json: &str) -> Option<Arc<SlaTerms>> {
        if let Some((_, v)) = self.recent.iter().find(|(k, _)| k == json) {
            return v.clone();
        }
        let v = match self.map.get(json) {
            Some(v) => v.clone(),
            None => {
                let v = serde_json::from_str::<SlaTerms>(json).ok().map(Arc::new);
                self.map.insert(json.to_string(), v.clone());
                v
            }
        };
        if self.recent.len() < 8 {
            self.recent.push((json.to_string(), v.clone()));
        }
        v
    }
}

fn ms_to_utc(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Computes a month's figures from the data as it is now, in one consistent read snapshot.
/// Requests whose terms snapshot cannot be read count, with their SLA targets, but without
/// times.
async fn compute(db: &Db, period: Period, s: &Standards) -> ServiceResult<Vec<EvaluationRecord>> {
    let bounds = period.bounds_ms();
    let mut rtx = db.reader().begin().await.map_err(StoreError::from)?;
    let mut agents: HashMap<i64, Tally> = HashMap::new();
    let mut branches: HashMap<i64, Tally> = HashMap::new();
    let mut programme = Tally::default();
    let mut terms = TermsCache::default();
    let mut after = None;
    loop {
        let page = st::resolved_page(&mut rtx, bounds, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.resolved_at, last.id));
        let full = page.len() as i64 == PAGE;
        for r in &page {
            let pauses: Vec<Pause> = r
                .pause_list()
                .into_iter()
                .map(|(start, end)| Pause {
                    start: ms_to_utc(start),
                    end: end.map(ms_to_utc),
                })
                .collect();
            let times = match terms.get(&r.sla_json) {
                Some(t) => request_times(
                    &t,
                    r.created_at,
                    Some(r.first_response_at.unwrap_or(r.resolved_at)),
                    Some(r.resolved_at),
                    &pauses,
                ),
                None => crate::quality::RequestTimes {
                    first_response_secs: None,
                    resolution_secs: None,
                },
            };
            let sla = sla_outcome(
                r.first_response_at,
                r.resolved_at,
                r.first_response_due,
                r.resolution_due,
            );
            if let Some(a) = r.assignee_id {
                agents.entry(a).or_default().add_request(times, sla);
            }
            if let Some(b) = r.branch_id {
                branches.entry(b).or_default().add_request(times, sla);
            }
            programme.add_request(times, sla);
        }
        if !full {
            break;
        }
    }
    for (agent, branch, n, sum) in st::ratings_in(&mut rtx, bounds).await? {
        let add = |t: &mut Tally| {
            t.ratings += n;
            t.rating_sum += sum;
        };
        if let Some(a) = agent {
            add(agents.entry(a).or_default());
        }
        if let Some(b) = branch {
            add(branches.entry(b).or_default());
        }
        add(&mut programme);
    }
    for (agent, branch, n, upheld) in st::complaints_in(&mut rtx, bounds).await? {
        let add = |t: &mut Tally| {
            t.complaints += n;
            t.upheld += upheld;
        };
        if let Some(a) = agent {
            add(agents.entry(a).or_default());
        }
        if let Some(b) = branch {
            add(branches.entry(b).or_default());
        }
        add(&mut programme);
    }
    rtx.commit().await.map_err(StoreError::from)?;
    let p = period.to_string();
    let mut rows = Vec::with_capacity(agents.len() + branches.len() + 1);
    let mut agents: Vec<(i64, Tally)> = agents.into_iter().collect();
    agents.sort_by_key(|(id, _)| *id);
    for (id, t) in agents {
        rows.push(record_of(&p, Scope::Agent, id, &t.finish(), s));
    }
    let mut branches: Vec<(i64, Tally)> = branches.into_iter().collect();
    branches.sort_by_key(|(id, _)| *id);
    for (id, t) in branches {
        rows.push(record_of(&p, Scope::Branch, id, &t.finish(), s));
    }
    rows.push(record_of(&p, Scope::Programme, 0, &programme.finish(), s));
    Ok(rows)
}

/// The stored evaluation of `period`, if it has been computed.
pub async fn summary(db: &Db, period: Period) -> ServiceResult<Option<EvaluationSummary>> {
    let key = period.to_string();
    let Some(head) = st::period(db.reader(), &key).await? else {
        return Ok(None);
    };
    let rows = st::evaluation_rows(db.reader(), &key).await?;
    let prev_key = period.previous().to_string();
    let previous_stored = st::period(db.reader(), &prev_key).await?.is_some();
    let prev: HashMap<(String, i64), bool> = st::evaluation_rows(db.reader(), &prev_key)
        .await?
        .into_iter()
        .map(|r| ((r.scope, r.subject_id), r.below_standard))
        .collect();
    let agent_ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.scope == Scope::Agent.as_str())
        .map(|r| r.subject_id)
        .collect();
    let names = crate::store::users::names_of(db.reader(), &agent_ids).await?;
    let branch_names: HashMap<i64, (String, String)> = st::branch_names(db.reader())
        .await?
        .into_iter()
        .map(|(id, zh, en)| (id, (zh, en)))
        .collect();
    let standards: Standards = serde_json::from_str(&head.standards_json)
        .map_err(|e| StoreError::Corrupt(format!("standards_json: {e}")))?;
    let (mut agents, mut branches, mut programme) = (Vec::new(), Vec::new(), None);
    for r in rows {
        let Some(scope) = Scope::parse(&r.scope) else {
            continue;
        };
        let (name_zh, name_en) = match scope {
            Scope::Agent => {
                let n = names
                    .get(&r.subject_id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", r.subject_id));
                (n.clone(), n)
            }
            Scope::Branch => branch_names
                .get(&r.subject_id)
                .cloned()
                .unwrap_or_else(|| (format!("#{}", r.subject_id), format!("#{}", r.subject_id))),
            Scope::Programme => (
                Msg::QeProgramme.text(Lang::Zh).to_string(),
                Msg::QeProgramme.text(Lang::En).to_string(),
            ),
        };
        let row = EvaluationRow {
            period,
            scope,
            subject_id: r.subject_id,
            name_zh,
            name_en,
            metrics: record_metrics(&r),
            below: r.below_standard,
            reasons: parse_reasons(&r.reasons),
            prev_below: prev.get(&(r.scope.clone(), r.subject_id)).copied(),
        };
        match scope {
            Scope::Agent => agents.push(row),
            Scope::Branch => branches.push(row),
            Scope::Programme => programme = Some(row),
        }
    }
    agents.sort_by(|a, b| {
        a.name_zh
            .cmp(&b.name_zh)
            .then(a.subject_id.cmp(&b.subject_id))
    });
    branches.sort_by_key(|r| r.subject_id);
    Ok(Some(EvaluationSummary {
        period,
        revision: head.revision,
        computed_at: head.computed_at,
        computed_by: head.computed_by_name,
        standards,
        agents,
        branches,
        programme,
        previous_stored,
    }))
}

/// The evaluations page for `period` (`YYYY-MM`; empty or none: the month before `now`'s).
pub async fn evaluation_page(
    db: &Db,
    period: Option<&str>,
    may_recompute: bool,
    now: i64,
) -> ServiceResult<EvaluationPage> {
    let period = match period.map(str::trim).filter(|s| !s.is_empty()) {
        None => Period::of_ms(now).previous(),
        Some(s) => Period::parse(s).ok_or_else(|| invalid("period", Msg::QeErrPeriod))?,
    };
    Ok(EvaluationPage {
        period,
        ended: now >= period.bounds_ms().1,
        summary: summary(db, period).await?,
        stored: st::periods(db.reader()).await?,
        may_recompute,
    })
}

/// Evaluates `period` (5.2.1). A month that has not ended at `now` is refused (unless an admin
/// recomputes one that is stored already). A month already stored is returned unchanged unless
/// `recompute` — which only an admin may ask for: the month is computed again from today's
/// data and standards, `revision` + 1, audited with the figures before and after. Agents and branches below standard are flagged; each flagged
/// agent and the quality staff are notified (once per month, revision and person).
pub async fn evaluate_period(
    db: &Db,
    actor: &Actor,
    period: Period,
    recompute: bool,
    now: i64,
) -> ServiceResult<EvaluationSummary> {
    run(db, actor, period, recompute, "", now).await
}

/// An admin recomputes a stored (or not yet stored) month, saying why (audited).
pub async fn recompute_period(
    db: &Db,
    actor: &Actor,
    period: Period,
    reason: &str,
    now: i64,
) -> ServiceResult<EvaluationSummary> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid("reason", Msg::ErrTextRequired));
    }
    if reason.chars().count() > NOTE_MAX {
        return Err(invalid("reason", Msg::ErrTextTooLong));
    }
    run(db, actor, period, true, reason, now).await
}

async fn run(
    db: &Db,
    actor: &Actor,
    period: Period,
    recompute: bool,
    reason: &str,
    now: i64,
) -> ServiceResult<EvaluationSummary> {
    let (_, end) = period.bounds_ms();
    let key = period.to_string();
    let stored = st::period(db.reader(), &key).await?.is_some();
    if recompute {
        require_admin(db, actor).await?;
    }
    // A month is evaluated once it has ended. A stored month was stored by a clock for which it
    // had ended (the job's, which tests move with `jobs run --now`), so an admin may recompute it.
    if now < end && !(recompute && stored) {
        return Err(ServiceError::Conflict(Msg::QeErrPeriodOpen));
    }
    if stored && !recompute {
        return summary(db, period).await?.ok_or(ServiceError::NotFound);
    }
    let s = st::standards(db.reader()).await?;
    let rows = compute(db, period, &s).await?;

    let mut tx = db.begin_write().await?;
    let existing = st::period(&mut *tx, &key).await?;
    if existing.is_some() && !recompute {
        // Another node stored it while this one computed: theirs stands.
        drop(tx);
        return summary(db, period).await?.ok_or(ServiceError::NotFound);
    }
    let revision = existing.as_ref().map_or(1, |e| e.revision + 1);
    let before = match &existing {
        Some(e) => Some(json!({
            "revision": e.revision,
            "standards": serde_json::from_str::<serde_json::Value>(&e.standards_json)
                .unwrap_or_default(),
            "rows": figures_json(&st::evaluation_rows(&mut *tx, &key).await?),
        })),
        None => None,
    };
    st::delete_rows(&mut tx, &key).await?;
    st::put_period(
        &mut tx,
        &key,
        revision,
        &standards_json(&s),
        actor.user_id,
        now,
    )
    .await?;
    st::insert_rows(&mut tx, &rows).await?;
    let flagged_agents = rows
        .iter()
        .filter(|r| r.below_standard && r.scope == Scope::Agent.as_str())
        .count();
    let mut event = Event::new(
        if existing.is_some() {
            "quality.recomputed"
        } else {
            "quality.evaluated"
        },
        "quality_period",
    )
    .object(&key);
    event = match before {
        Some(b) => event
            .before(b)
            .after(json!({
                "revision": revision,
                "standards": s,
                "rows": figures_json(&rows),
            }))
            .detail(reason),
        None => event.after(json!({
            "revision": revision,
            "standards": s,
            "rows": rows.len(),
            "flagged_agents": flagged_agents,
        })),
    };
    audit::record(&mut tx, actor, now, event).await?;
    notify_flagged(&mut tx, &key, revision, &rows, &s, now).await?;
    tx.commit().await.map_err(commit_err)?;
    summary(db, period).await?.ok_or(ServiceError::NotFound)
}

/// Tells each agent below standard, and the quality staff about every agent and branch below
/// standard. Dedupe keys carry the month, revision, subject and recipient.
async fn notify_flagged(
    tx: &mut crate::store::WriteTx,
    period: &str,
    revision: i64,
    rows: &[EvaluationRecord],
    s: &Standards,
    now: i64,
) -> ServiceResult<()> {
    let flagged: Vec<&EvaluationRecord> = rows
        .iter()
        .filter(|r| r.below_standard && r.scope != Scope::Programme.as_str())
        .collect();
    if flagged.is_empty() {
        return Ok(());
    }
    let quality = st::quality_staff(tx).await?;
    let agent_ids: Vec<i64> = flagged
        .iter()
        .filter(|r| r.scope == Scope::Agent.as_str())
        .map(|r| r.subject_id)
        .collect();
    let names: HashMap<i64, String> = {
        let json = serde_json::to_string(&agent_ids).unwrap_or_else(|_| "[]".into());
        sqlx::query_as::<_, (i64, String)>(
            "SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(json)
        .fetch_all(&mut **tx)
        .await
        .map_err(StoreError::from)?
        .into_iter()
        .collect()
    };
    let branches: HashMap<i64, String> = st::branch_names(&mut **tx)
        .await?
        .into_iter()
        .map(|(id, zh, en)| (id, if zh == en { zh } else { format!("{zh} / {en}") }))
        .collect();
    for r in flagged {
        let agent = r.scope == Scope::Agent.as_str();
        let name = if agent {
            names.get(&r.subject_id).cloned()
        } else {
            branches.get(&r.subject_id).cloned()
        }
        .unwrap_or_else(|| format!("#{}", r.subject_id));
        let reasons: Vec<Reason> = parse_reasons(&r.reasons);
        let figures = reasons_figures(s, &record_metrics(r), &reasons);
        let params = [
            ("period", period),
            ("name", name.as_str()),
            ("reasons", figures.as_str()),
        ];
        let page = if agent {
            format!("/admin/quality/agents/{}", r.subject_id)
        } else {
            format!("/admin/quality/evaluations?period={period}")
        };
        let mut recipients: Vec<(i64, String)> =
            quality.iter().map(|q| (*q, page.clone())).collect();
        if agent {
            recipients.push((r.subject_id, "/admin/quality/me".to_string()));
        }
        recipients.sort();
        recipients.dedup_by_key(|(id, _)| *id);
        for (to, link) in recipients {
            let key = format!(
                "quality:{period}:r{revision}:{}{}:u{to}",
                r.scope, r.subject_id
            );
            notify(
                tx,
                to,
                NotificationKind::QualityBelowStandard,
                &params,
                Some(&link),
                Some(&key),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// What the monthly job did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MonthlyReport {
    /// The month looked at (the one before `now`'s, Asia/Shanghai).
    pub period: String,
    /// Whether it was computed now (false: it was stored already).
    pub evaluated: bool,
    /// Agents below standard in it.
    pub flagged_agents: usize,
}

/// The monthly job: evaluates the month before the one `now` falls in, unless it is stored
/// already (then nothing changes). Safe on several nodes at once.
pub async fn evaluate_previous_month(db: &Db, now: i64) -> ServiceResult<MonthlyReport> {
    let period = Period::of_ms(now).previous();
    let key = period.to_string();
    if st::period(db.reader(), &key).await?.is_some() {
        return Ok(MonthlyReport {
            period: key,
            evaluated: false,
            flagged_agents: 0,
        });
    }
    let actor = Actor {
        user_id: None,
        ip: Some("job".into()),
    };
    let s = evaluate_period(db, &actor, period, false, now).await?;
    Ok(MonthlyReport {
        period: key,
        evaluated: true,
        flagged_agents: s.flagged_agents(),
    })
}

// ---------------------------------------------------------------- an agent's page (5.2.2)

/// An agent's quality page for a viewer: quality staff (`may_manage`) see anyone's, a staff
/// member their own; anyone else is told it does not exist.
pub async fn agent_quality(
    db: &Db,
    viewer_id: i64,
    may_manage: bool,
    agent_id: i64,
    now: i64,
) -> ServiceResult<AgentQuality> {
    if !may_manage && viewer_id != agent_id {
        return Err(ServiceError::NotFound);
    }
    let (name, _) = st::staff_member(db.reader(), agent_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let records = st::subject_history(db.reader(), Scope::Agent.as_str(), agent_id).await?;
    let below: HashMap<String, bool> = records
        .iter()
        .map(|r| (r.period.clone(), r.below_standard))
        .collect();
    let mut history = Vec::with_capacity(records.len());
    for r in &records {
        let Some(period) = Period::parse(&r.period) else {
            continue;
        };
        history.push(EvaluationRow {
            period,
            scope: Scope::Agent,
            subject_id: agent_id,
            name_zh: name.clone(),
            name_en: name.clone(),
            metrics: record_metrics(r),
            below: r.below_standard,
            reasons: parse_reasons(&r.reasons),
            prev_below: below.get(&period.previous().to_string()).copied(),
        });
    }
    let today = crate::ledger::shanghai_date(now).to_string();
    let trainings = st::trainings_of(db.reader(), agent_id)
        .await?
        .into_iter()
        .filter_map(|t| training_view(t, &today))
        .collect();
    Ok(AgentQuality {
        agent_id,
        name,
        history,
        trainings,
        may_manage,
        is_self: viewer_id == agent_id,
    })
}

// ---------------------------------------------------------------- training (5.2.2)

fn training_view(t: TrainingRow, today: &str) -> Option<TrainingView> {
    let status = TrainingStatus::parse(&t.status)?;
    Some(TrainingView {
        overdue: status != TrainingStatus::Verified && t.due_on.as_str() < today,
        id: t.id,
        agent_id: t.agent_id,
        agent_name: t.agent_name,
        period: t.period,
        topic: t.topic,
        material: t.material,
        due_on: t.due_on,
        status,
        assigned_by: t.assigned_by_name,
        assigned_at: t.assigned_at,
        done_note: t.done_note,
        done_at: t.done_at,
        verified_by: t.verified_by_name,
        verified_at: t.verified_at,
        review_note: t.review_note,
        updated_at: t.updated_at,
    })
}

/// Trainings for quality staff: `filter` is `open` (assigned or done; default), `assigned`,
/// `done`, `verified` or `all` (the most recent 200).
pub async fn trainings(db: &Db, filter: &str, now: i64) -> ServiceResult<Vec<TrainingView>> {
    let statuses: &[&str] = match filter {
        "assigned" => &["assigned"],
        "done" => &["done"],
        "verified" => &["verified"],
        "all" => &["assigned", "done", "verified"],
        _ => &["assigned", "done"],
    };
    let today = crate::ledger::shanghai_date(now).to_string();
    Ok(st::trainings_with(db.reader(), statuses, 200)
        .await?
        .into_iter()
        .filter_map(|t| training_view(t, &today))
        .collect())
}

/// The training page: trainings by `filter` (see [`trainings`]) and whom they may be assigned
/// to.
pub async fn training_list(db: &Db, filter: &str, now: i64) -> ServiceResult<TrainingList> {
    let filter = match filter {
        "assigned" | "done" | "verified" | "all" => filter,
        _ => "open",
    };
    Ok(TrainingList {
        filter: filter.to_string(),
        trainings: trainings(db, filter, now).await?,
        staff: staff_options(db).await?,
    })
}

/// Active staff members training may be assigned to, agents first.
pub async fn staff_options(db: &Db) -> ServiceResult<Vec<StaffOption>> {
    let mut rows = st::active_staff(db.reader()).await?;
    rows.sort_by_key(|(_, _, roles)| {
        !roles
            .as_deref()
            .unwrap_or("")
            .split(',')
            .any(|r| r == Role::Agent.as_str())
    });
    Ok(rows
        .into_iter()
        .map(|(id, name, _)| StaffOption { id, name })
        .collect())
}

/// What quality staff type to assign a training.
#[derive(Debug, Clone, Default)]
pub struct NewTraining {
    pub agent_id: i64,
    pub topic: String,
    pub material: String,
    /// `YYYY-MM-DD`, today or later (Asia/Shanghai).
    pub due_on: String,
    /// `YYYY-MM`, the evaluation that flagged the agent (optional).
    pub period: String,
}

fn text(s: &str, field: &'static str, max: usize) -> ServiceResult<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(invalid(field, Msg::ErrTextRequired));
    }
    optional(t, field, max)
}

fn optional(s: &str, field: &'static str, max: usize) -> ServiceResult<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(invalid(field, Msg::ErrTextTooLong));
    }
    Ok(t.to_string())
}

/// Quality staff assign a training to an active staff member (5.2.2): topic, due date (today
/// or later), material (text or a link) and optionally the month whose evaluation flagged
/// them. The agent is notified; audited.
pub async fn assign_training(
    db: &Db,
    actor: &Actor,
    t: &NewTraining,
    now: i64,
) -> ServiceResult<i64> {
    let by = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let topic = text(&t.topic, "topic", TOPIC_MAX)?;
    let material = optional(&t.material, "material", MATERIAL_MAX)?;
    let today = crate::ledger::shanghai_date(now);
    let due = chrono::NaiveDate::parse_from_str(t.due_on.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| *d >= today)
        .ok_or_else(|| invalid("due_on", Msg::QeErrDue))?;
    let period = match t.period.trim() {
        "" => None,
        p => Some(
            Period::parse(p)
                .ok_or_else(|| invalid("period", Msg::QeErrPeriod))?
                .to_string(),
        ),
    };
    match st::staff_member(db.reader(), t.agent_id).await? {
        Some((_, true)) => {}
        _ => return Err(invalid("agent_id", Msg::QeErrStaff)),
    }
    let due_s = due.to_string();
    let mut tx = db.begin_write().await?;
    let id = st::insert_training(
        &mut tx,
        &st::NewTraining {
            agent_id: t.agent_id,
            period: period.as_deref(),
            topic: &topic,
            material: &material,
            due_on: &due_s,
            assigned_by: by,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("quality.training_assigned", "training")
            .object(id)
            .after(json!({
                "agent_id": t.agent_id,
                "topic": topic,
                "due_on": due_s,
                "period": period,
            })),
    )
    .await?;
    notify(
        &mut tx,
        t.agent_id,
        NotificationKind::TrainingAssigned,
        &[("topic", &topic), ("due", &due_s)],
        Some("/admin/quality/me"),
        Some(&format!("training{id}:assigned")),
        now,
    )
    .await?;
    tx.commit().await.map_err(commit_err)?;
    Ok(id)
}

/// A step on a training (5.2.2): the agent marks their own training done with a note (anyone
/// else's is not found); quality staff verify it, or send it back with a note. An illegal step
/// is refused with the reason and changes nothing. Returns the new status.
pub async fn training_step(
    db: &Db,
    actor: &Actor,
    id: i64,
    step: TrainingStep,
    note: &str,
    now: i64,
) -> ServiceResult<TrainingStatus> {
    let by = actor
        .user_id
        .ok_or(ServiceError::Forbidden(Msg::ErrForbidden))?;
    let row = st::training(db.reader(), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if step.by_quality_staff() {
        let roles = roles_of(db, actor).await?;
        if !roles
            .iter()
            .any(|r| Permission::ManageQuality.granted_to(*r))
        {
            return Err(if row.agent_id == by {
                ServiceError::Forbidden(Msg::ErrForbidden)
            } else {
                ServiceError::NotFound
            });
        }
    } else if row.agent_id != by {
        return Err(ServiceError::NotFound);
    }
    let note = if step.needs_note() {
        text(note, "note", NOTE_MAX)?
    } else {
        optional(note, "note", NOTE_MAX)?
    };
    let from = TrainingStatus::parse(&row.status)
        .ok_or_else(|| StoreError::Corrupt(format!("training status {}", row.status)))?;
    let to = crate::quality::training_next(from, step).map_err(ServiceError::Conflict)?;
    let mut tx = db.begin_write().await?;
    let changed = match step {
        TrainingStep::MarkDone => st::mark_done(&mut tx, id, &note, now).await?,
        TrainingStep::Verify | TrainingStep::Return => {
            st::review(&mut tx, id, to.as_str(), by, &note, now).await?
        }
    };
    if !changed {
        return Err(ServiceError::Conflict(Msg::QeErrTrainingChanged));
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            match step {
                TrainingStep::MarkDone => "quality.training_done",
                TrainingStep::Verify => "quality.training_verified",
                TrainingStep::Return => "quality.training_returned",
            },
            "training",
        )
        .object(id)
        .subject(row.agent_id)
        .before(json!({"status": from.as_str()}))
        .after(json!({"status": to.as_str(), "note": note})),
    )
    .await?;
    match step {
        TrainingStep::MarkDone => {
            // The one who assigned it, and the quality staff.
            let mut to_tell = st::quality_staff(&mut tx).await?;
            to_tell.push(row.assigned_by);
            to_tell.sort_unstable();
            to_tell.dedup();
            let link = format!("/admin/quality/agents/{}", row.agent_id);
            for u in to_tell.into_iter().filter(|u| *u != by) {
                notify(
                    &mut tx,
                    u,
                    NotificationKind::TrainingDone,
                    &[("name", &row.agent_name), ("topic", &row.topic)],
                    Some(&link),
                    Some(&format!("training{id}:done:{now}:u{u}")),
                    now,
                )
                .await?;
            }
        }
        TrainingStep::Verify | TrainingStep::Return => {
            let result = if step == TrainingStep::Verify {
                both(Msg::QeTrResultVerified)
            } else {
                format!("{}: {note}", both(Msg::QeTrResultReturned))
            };
            notify(
                &mut tx,
                row.agent_id,
                NotificationKind::TrainingReviewed,
                &[("topic", &row.topic), ("result", &result)],
                Some("/admin/quality/me"),
                None,
                now,
            )
            .await?;
        }
    }
    tx.commit().await.map_err(commit_err)?;
    Ok(to)
}
