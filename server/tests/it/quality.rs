//! Monthly quality evaluations, standards and training (clauses 5.2.1, 5.2.2) through the
//! services: an evaluation on known data (exact medians, p90, CSAT, SLA compliance, complaints,
//! a flagged agent told once), closed months staying as stored until an admin recomputes them
//! (audited), unfinished months refused, the training round trip with every illegal step
//! refused, recovery in the next month, and the monthly job evaluating the previous month once.

use crate::common::{make_vip, sh, spawn_app, who, TestApp, PASSWORD};
use vipcare::complaints::{CompensationForm, ComplaintLinks, Finding, NewComplaint};
use vipcare::desk::{Channel, RequestKind};
use vipcare::quality::{Period, Reason, TrainingStatus, TrainingStep};
use vipcare::queue::Urgency;
use vipcare::services::complaints::{self, StaffStep};
use vipcare::services::desk::{self, NewRequest, StaffAction};
use vipcare::services::quality::{self, NewTraining};
use vipcare::services::ServiceError;
use vipcare::{Fen, Msg, Role};

const MIN: i64 = 60_000;
const HOUR: i64 = 3_600_000;

struct People {
    admin: i64,
    quality: i64,
    /// The VIP's dedicated agent (24×7 terms: 1 h first response, 24 h resolution).
    a: i64,
    /// The plain customer's agent (business hours: 8 h and 72 h).
    b: i64,
    hq: i64,
    vip: i64,
    plain: i64,
}

async fn people(app: &TestApp) -> People {
    let admin = app.add_staff("admin@example.com", &[Role::Admin]).await;
    let quality = app.add_staff("quality@example.com", &[Role::Quality]).await;
    let a = app.add_staff("a@example.com", &[Role::Agent]).await;
    let b = app.add_staff("b@example.com", &[Role::Agent]).await;
    let hq = desk::create_branch(
        &app.db,
        &who(admin),
        "HQ",
        ("总部", "Headquarters"),
        true,
        None,
        0,
    )
    .await
    .unwrap();
    for u in [a, b] {
        desk::set_staff_branch(&app.db, &who(admin), u, hq, false, 0)
            .await
            .unwrap();
    }
    let vip = app.add_customer("vip@example.com").await;
    let plain = app.add_customer("plain@example.com").await;
    make_vip(app, vip).await;
    desk::assign_dedicated_agent(&app.db, &who(admin), vip, a, 0)
        .await
        .unwrap();
    desk::assign_dedicated_agent(&app.db, &who(admin), plain, b, 0)
        .await
        .unwrap();
    People {
        admin,
        quality,
        a,
        b,
        hq,
        vip,
        plain,
    }
}

/// A request opened at `open`, answered at `reply`, resolved at `resolve`.
async fn handled(
    app: &TestApp,
    customer: i64,
    agent: i64,
    open: i64,
    reply: Option<i64>,
    resolve: i64,
) -> i64 {
    let r = NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency: Urgency::Normal,
        subject: "Question".into(),
        body: "Please help.".into(),
    };
    let id = desk::open(&app.db, &who(customer), customer, &r, open)
        .await
        .unwrap();
    if let Some(at) = reply {
        desk::staff_act(&app.db, &who(agent), id, StaffAction::Reply, "Answer.", at)
            .await
            .unwrap();
    }
    desk::staff_act(
        &app.db,
        &who(agent),
        id,
        StaffAction::Resolve,
        "Done.",
        resolve,
    )
    .await
    .unwrap();
    id
}

/// A rating as the feedback feature records it: the request's assignee and branch when rated.
async fn rate(app: &TestApp, request: i64, rating: i64, at: i64) {
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO feedback (customer_id, request_id, rating, channel, agent_id, branch_id,
                               created_at, updated_at)
         SELECT customer_id, id, ?, 'web', assignee_id, branch_id, ?, ? FROM service_requests
         WHERE id = ?",
    )
    .bind(rating)
    .bind(at)
    .bind(at)
    .bind(request)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn complaint(
    app: &TestApp,
    customer: i64,
    links: ComplaintLinks,
    at: i64,
    by: i64,
    finding: Finding,
) {
    let c = NewComplaint {
        channel: Channel::Web,
        subject: "Slow".into(),
        body: "It took too long.".into(),
        links,
    };
    let (id, _) = complaints::file(&app.db, &who(customer), customer, &c, at, at)
        .await
        .unwrap();
    let ack = StaffStep::Acknowledge {
        note: String::new(),
    };
    complaints::staff_act(&app.db, &who(by), id, ack, at + HOUR)
        .await
        .unwrap();
    let propose = StaffStep::Propose {
        finding,
        remedy: "We looked into it.".into(),
        compensation: Fen::ZERO,
        form: CompensationForm::None,
    };
    complaints::staff_act(&app.db, &who(by), id, propose, at + 2 * HOUR)
        .await
        .unwrap();
}

async fn count(app: &TestApp, sql: &str, arg: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(arg)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

/// November 2037 on known data.
async fn november(app: &TestApp, p: &People) -> Vec<i64> {
    // A, 24×7: first responses 20 min, 40 min, 2 h (late: due after 1 h); resolutions 2 h,
    // 4 h, 26 h (late: due after 24 h). SLA 4 of 6 targets.
    let r1 = handled(
        app,
        p.vip,
        p.a,
        sh("2037-11-02 10:00"),
        Some(sh("2037-11-02 10:20")),
        sh("2037-11-02 12:00"),
    )
    .await;
    let r2 = handled(
        app,
        p.vip,
        p.a,
        sh("2037-11-03 10:00"),
        Some(sh("2037-11-03 10:40")),
        sh("2037-11-03 14:00"),
    )
    .await;
    let r3 = handled(
        app,
        p.vip,
        p.a,
        sh("2037-11-04 10:00"),
        Some(sh("2037-11-04 12:00")),
        sh("2037-11-05 12:00"),
    )
    .await;
    // B, business hours: Friday 17:00 → Monday 10:00 is 2 working hours, resolved at 11:00 (3 h).
    let r4 = handled(
        app,
        p.plain,
        p.b,
        sh("2037-11-06 17:00"),
        Some(sh("2037-11-09 10:00")),
        sh("2037-11-09 11:00"),
    )
    .await;
    // Resolved in December: not November's.
    handled(
        app,
        p.vip,
        p.a,
        sh("2037-11-30 23:00"),
        Some(sh("2037-11-30 23:10")),
        sh("2037-12-01 00:10"),
    )
    .await;
    // Ratings: A 5, 2, 3 (3.33 over 3); B 5.
    rate(app, r1, 5, sh("2037-11-02 13:00")).await;
    rate(app, r2, 2, sh("2037-11-03 15:00")).await;
    rate(app, r3, 3, sh("2037-11-05 13:00")).await;
    rate(app, r4, 5, sh("2037-11-09 12:00")).await;
    // Complaints: about A's late request (upheld), naming B (not upheld).
    let about_r3 = ComplaintLinks {
        request_id: Some(r3),
        ..ComplaintLinks::default()
    };
    complaint(
        app,
        p.vip,
        about_r3,
        sh("2037-11-10 09:00"),
        p.a,
        Finding::Upheld,
    )
    .await;
    let naming_b = ComplaintLinks {
        agent_id: Some(p.b),
        ..ComplaintLinks::default()
    };
    complaint(
        app,
        p.plain,
        naming_b,
        sh("2037-11-11 09:00"),
        p.b,
        Finding::NotUpheld,
    )
    .await;
    vec![r1, r2, r3, r4]
}

fn nov() -> Period {
    Period::parse("2037-11").unwrap()
}

#[tokio::test]
async fn clause_5_2_1_evaluation_of_known_data_flags_the_agent_below_standard() {
    let app = spawn_app().await;
    let p = people(&app).await;
    // Judge CSAT over 3 ratings (the default needs 5); 4.0 and 90 % as shipped.
    quality::set_standards(&app.db, &who(p.admin), "4.0", "3", "90", false, 0)
        .await
        .unwrap();
    november(&app, &p).await;

    let s = quality::evaluate_period(
        &app.db,
        &who(p.quality),
        nov(),
        false,
        sh("2037-12-01 09:00"),
    )
    .await
    .unwrap();
    assert_eq!((s.revision, s.standards.min_ratings), (1, 3));
    let row = |id: i64| {
        s.agents
            .iter()
            .find(|r| r.subject_id == id)
            .unwrap()
            .clone()
    };
    let a = row(p.a);
    assert_eq!(a.metrics.requests, 3);
    assert_eq!(
        (a.metrics.frt_median_secs, a.metrics.frt_p90_secs),
        (Some(40 * 60), Some(2 * 3600))
    );
    assert_eq!(
        (a.metrics.res_median_secs, a.metrics.res_p90_secs),
        (Some(4 * 3600), Some(26 * 3600))
    );
    assert_eq!((a.metrics.sla_met, a.metrics.sla_total), (4, 6));
    assert_eq!(a.metrics.sla_bp(), Some(6_666));
    assert_eq!((a.metrics.ratings, a.metrics.rating_sum), (3, 10));
    assert_eq!(a.metrics.csat_centi(), Some(333));
    assert_eq!((a.metrics.complaints, a.metrics.upheld), (1, 1));
    assert!(a.below);
    assert_eq!(a.reasons, vec![Reason::Csat, Reason::Sla]);
    assert_eq!(a.prev_below, None);

    let b = row(p.b);
    assert_eq!(b.metrics.requests, 1);
    assert_eq!(
        (b.metrics.frt_median_secs, b.metrics.frt_p90_secs),
        (Some(2 * 3600), Some(2 * 3600))
    );
    assert_eq!(b.metrics.res_median_secs, Some(3 * 3600));
    assert_eq!(b.metrics.sla_bp(), Some(10_000));
    // One rating: too few to judge CSAT.
    assert_eq!((b.metrics.ratings, b.metrics.csat_centi()), (1, Some(500)));
    assert_eq!((b.metrics.complaints, b.metrics.upheld), (1, 0));
    assert!(!b.below && b.reasons.is_empty());

    // Headquarters and the programme: all four requests.
    let hq = s.branches.iter().find(|r| r.subject_id == p.hq).unwrap();
    assert_eq!(hq.name_en, "Headquarters");
    assert_eq!(hq.metrics.requests, 4);
    let all = s.programme.clone().unwrap();
    assert_eq!(all.metrics.requests, 4);
    // First responses 20 min, 40 min, 2 h, 2 h; resolutions 2 h, 3 h, 4 h, 26 h.
    assert_eq!(
        (all.metrics.frt_median_secs, all.metrics.frt_p90_secs),
        (Some(40 * 60), Some(2 * 3600))
    );
    assert_eq!(
        (all.metrics.res_median_secs, all.metrics.res_p90_secs),
        (Some(3 * 3600), Some(26 * 3600))
    );
    assert_eq!((all.metrics.sla_met, all.metrics.sla_total), (6, 8));
    assert_eq!((all.metrics.ratings, all.metrics.rating_sum), (4, 15));
    assert_eq!((all.metrics.complaints, all.metrics.upheld), (2, 1));
    assert_eq!(s.flagged_agents(), 1);

    // Headquarters is below standard too: 3.75 over 4 ratings, 6 of 8 targets.
    assert!(hq.below && hq.reasons == vec![Reason::Csat, Reason::Sla]);

    // A is told once; the quality staff once about A and once about headquarters; B not.
    let told = "SELECT COUNT(*) FROM notifications WHERE kind = 'quality_below_standard' AND user_id = CAST(? AS INTEGER)";
    assert_eq!(count(&app, told, &p.a.to_string()).await, 1);
    assert_eq!(count(&app, told, &p.quality.to_string()).await, 2);
    assert_eq!(count(&app, told, &p.b.to_string()).await, 0);
    let params: String = sqlx::query_scalar(
        "SELECT params_json FROM notifications WHERE kind = 'quality_below_standard' AND user_id = ?",
    )
    .bind(p.a)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(
        params.contains("2037-11") && params.contains("CSAT 3.33 < 4.00 (n=3)"),
        "{params}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'quality.evaluated' AND object_id = ?",
            "2037-11"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn clause_5_2_1_a_closed_month_stays_as_stored_until_an_admin_recomputes_it() {
    let app = spawn_app().await;
    let p = people(&app).await;
    november(&app, &p).await;
    let at = sh("2037-12-01 09:00");
    // A month that has not ended is refused.
    let open = quality::evaluate_period(
        &app.db,
        &who(p.quality),
        nov(),
        false,
        sh("2037-11-30 23:59"),
    )
    .await;
    assert!(
        matches!(open, Err(ServiceError::Conflict(Msg::QeErrPeriodOpen))),
        "{open:?}"
    );
    let december = Period::parse("2037-12").unwrap();
    assert!(
        quality::evaluate_period(&app.db, &who(p.quality), december, false, at)
            .await
            .is_err()
    );
    assert!(quality::summary(&app.db, december).await.unwrap().is_none());

    let first = quality::evaluate_period(&app.db, &who(p.quality), nov(), false, at)
        .await
        .unwrap();
    let a_requests = |s: &vipcare::quality::EvaluationSummary| {
        s.agents
            .iter()
            .find(|r| r.subject_id == p.a)
            .unwrap()
            .metrics
            .requests
    };
    assert_eq!(a_requests(&first), 3);

    // Data changes after the month was stored: a request resolved in November is added late,
    // and a rating changes.
    handled(
        &app,
        p.vip,
        p.a,
        sh("2037-11-20 10:00"),
        Some(sh("2037-11-20 10:05")),
        sh("2037-11-20 11:00"),
    )
    .await;
    let mut tx = app.db.begin_write().await.unwrap();
    sqlx::query("UPDATE feedback SET rating = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let stored = quality::summary(&app.db, nov()).await.unwrap().unwrap();
    assert_eq!(stored, first);
    // Evaluating it again returns it unchanged.
    let again = quality::evaluate_period(&app.db, &who(p.admin), nov(), false, at + HOUR)
        .await
        .unwrap();
    assert_eq!(again, first);
    // Quality staff may not recompute; nothing changes.
    let denied =
        quality::recompute_period(&app.db, &who(p.quality), nov(), "new data", at + HOUR).await;
    assert!(
        matches!(denied, Err(ServiceError::Forbidden(_))),
        "{denied:?}"
    );
    let denied = quality::evaluate_period(&app.db, &who(p.quality), nov(), true, at + HOUR).await;
    assert!(
        matches!(denied, Err(ServiceError::Forbidden(_))),
        "{denied:?}"
    );
    // An admin must say why.
    let no_reason = quality::recompute_period(&app.db, &who(p.admin), nov(), "  ", at + HOUR).await;
    assert!(
        matches!(
            no_reason,
            Err(ServiceError::Invalid {
                field: "reason",
                ..
            })
        ),
        "{no_reason:?}"
    );
    assert_eq!(
        quality::summary(&app.db, nov()).await.unwrap().unwrap(),
        first
    );

    let re = quality::recompute_period(
        &app.db,
        &who(p.admin),
        nov(),
        "late import of request",
        at + 2 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(re.revision, 2);
    assert_eq!(a_requests(&re), 4);
    assert_eq!(re.computed_at, at + 2 * HOUR);
    let (before, after, detail): (String, String, String) = sqlx::query_as(
        "SELECT before_json, after_json, detail FROM audit_log WHERE action = 'quality.recomputed'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert!(
        before.contains("\"revision\":1") && after.contains("\"revision\":2"),
        "{before} {after}"
    );
    assert_eq!(detail, "late import of request");
    // The flagged agent hears of the new revision too (dedupe per revision).
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE kind = 'quality_below_standard' AND user_id = ?",
    )
    .bind(p.a)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(told, 2);
}

#[tokio::test]
async fn clause_5_2_2_standards_are_admin_data_typed_as_decimals() {
    let app = spawn_app().await;
    let p = people(&app).await;
    assert_eq!(
        quality::standards(&app.db).await.unwrap(),
        vipcare::quality::Standards::default()
    );
    let bad = quality::set_standards(&app.db, &who(p.admin), "4.0", "5", "92.555", true, 1).await;
    assert!(
        matches!(
            bad,
            Err(ServiceError::Invalid {
                field: "min_sla",
                ..
            })
        ),
        "{bad:?}"
    );
    let denied = quality::set_standards(&app.db, &who(p.quality), "4.5", "5", "90", false, 1).await;
    assert!(
        matches!(denied, Err(ServiceError::Forbidden(_))),
        "{denied:?}"
    );
    assert_eq!(
        quality::standards(&app.db).await.unwrap(),
        vipcare::quality::Standards::default()
    );
    quality::set_standards(&app.db, &who(p.admin), "4.25", "10", "92.5", true, 2)
        .await
        .unwrap();
    let v = quality::standards_view(&app.db, true).await.unwrap();
    assert_eq!(
        (
            v.standards.min_csat_centi,
            v.standards.min_ratings,
            v.standards.min_sla_bp,
            v.standards.public_figures
        ),
        (425, 10, 9_250, true)
    );
    assert_eq!(v.updated_at, 2);
    // Saving the same again records nothing.
    quality::set_standards(&app.db, &who(p.admin), "4.25", "10", "92.50", true, 3)
        .await
        .unwrap();
    let changes: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'quality.standards_changed'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn clause_5_2_2_training_round_trip_and_recovery_next_month() {
    let app = spawn_app().await;
    let p = people(&app).await;
    quality::set_standards(&app.db, &who(p.admin), "4.0", "3", "90", false, 0)
        .await
        .unwrap();
    november(&app, &p).await;
    quality::evaluate_period(
        &app.db,
        &who(p.quality),
        nov(),
        false,
        sh("2037-12-01 09:00"),
    )
    .await
    .unwrap();
    let t0 = sh("2037-12-02 10:00");
    let new = |agent: i64, due: &str| NewTraining {
        agent_id: agent,
        topic: "Calling back on time".into(),
        material: "https://example.com/training/callbacks".into(),
        due_on: due.into(),
        period: "2037-11".into(),
    };
    // A due date in the past, a customer, an empty topic: refused.
    let past =
        quality::assign_training(&app.db, &who(p.quality), &new(p.a, "2037-12-01"), t0).await;
    assert!(
        matches!(
            past,
            Err(ServiceError::Invalid {
                field: "due_on",
                ..
            })
        ),
        "{past:?}"
    );
    let customer =
        quality::assign_training(&app.db, &who(p.quality), &new(p.vip, "2037-12-20"), t0).await;
    assert!(
        matches!(
            customer,
            Err(ServiceError::Invalid {
                field: "agent_id",
                ..
            })
        ),
        "{customer:?}"
    );
    let mut untitled = new(p.a, "2037-12-20");
    untitled.topic = " ".into();
    assert!(
        quality::assign_training(&app.db, &who(p.quality), &untitled, t0)
            .await
            .is_err()
    );

    let id = quality::assign_training(&app.db, &who(p.quality), &new(p.a, "2037-12-20"), t0)
        .await
        .unwrap();
    let step = |by: i64, s: TrainingStep, note: &'static str, at: i64| {
        let db = app.db.clone();
        async move { quality::training_step(&db, &who(by), id, s, note, at).await }
    };
    // Quality staff cannot verify before it is done; another agent cannot see it; a note is
    // needed to mark it done.
    assert!(matches!(
        step(p.quality, TrainingStep::Verify, "", t0).await,
        Err(ServiceError::Conflict(Msg::QeErrTrainingNotDone))
    ));
    assert!(matches!(
        step(p.b, TrainingStep::MarkDone, "Done.", t0).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        step(p.a, TrainingStep::MarkDone, " ", t0).await,
        Err(ServiceError::Invalid { field: "note", .. })
    ));
    assert_eq!(
        step(
            p.a,
            TrainingStep::MarkDone,
            "Watched it, took notes.",
            t0 + HOUR
        )
        .await
        .unwrap(),
        TrainingStatus::Done
    );
    assert!(matches!(
        step(p.a, TrainingStep::MarkDone, "Again.", t0 + HOUR).await,
        Err(ServiceError::Conflict(Msg::QeErrTrainingAlreadyDone))
    ));
    // The agent cannot verify their own training.
    assert!(matches!(
        step(p.a, TrainingStep::Verify, "", t0 + HOUR).await,
        Err(ServiceError::Forbidden(_))
    ));
    // Sent back needs a note.
    assert!(matches!(
        step(p.quality, TrainingStep::Return, "", t0 + HOUR).await,
        Err(ServiceError::Invalid { field: "note", .. })
    ));
    assert_eq!(
        step(
            p.quality,
            TrainingStep::Return,
            "Please add the call-back checklist.",
            t0 + 2 * HOUR
        )
        .await
        .unwrap(),
        TrainingStatus::Assigned
    );
    step(
        p.a,
        TrainingStep::MarkDone,
        "Checklist added.",
        t0 + 3 * HOUR,
    )
    .await
    .unwrap();
    assert_eq!(
        step(p.quality, TrainingStep::Verify, "", t0 + 4 * HOUR)
            .await
            .unwrap(),
        TrainingStatus::Verified
    );
    assert!(matches!(
        step(p.quality, TrainingStep::Return, "No.", t0 + 5 * HOUR).await,
        Err(ServiceError::Conflict(Msg::QeErrTrainingVerified))
    ));
    let kinds: Vec<(i64, String)> = sqlx::query_as(
        "SELECT user_id, kind FROM notifications WHERE kind LIKE 'training_%' ORDER BY id",
    )
    .fetch_all(app.db.reader())
    .await
    .unwrap();
    assert_eq!(
        kinds,
        vec![
            (p.a, "training_assigned".into()),
            (p.quality, "training_done".into()),
            (p.a, "training_reviewed".into()),
            (p.quality, "training_done".into()),
            (p.a, "training_reviewed".into()),
        ]
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE object_type = 'training' AND object_id = ?",
    )
    .bind(id.to_string())
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(audited, 5);

    // December: A answers and resolves on time; the evaluation shows the recovery.
    for day in 1..=3 {
        let open = sh(&format!("2037-12-0{day} 14:00"));
        let r = handled(
            &app,
            p.vip,
            p.a,
            open,
            Some(open + 10 * MIN),
            open + 2 * HOUR,
        )
        .await;
        rate(&app, r, 5, open + 3 * HOUR).await;
    }
    // B asks the customer (the clock pauses) on Tuesday 1 December at 10:30, the customer
    // answers at 14:00, B resolves at 15:00: 5 h on the business calendar less the 3.5 h pause.
    let r = NewRequest {
        kind: RequestKind::Consultation,
        channel: Channel::Web,
        urgency: Urgency::Normal,
        subject: "Which invoice?".into(),
        body: "Please help.".into(),
    };
    let open = sh("2037-12-01 10:00");
    let paused = desk::open(&app.db, &who(p.plain), p.plain, &r, open)
        .await
        .unwrap();
    desk::staff_act(
        &app.db,
        &who(p.b),
        paused,
        StaffAction::AskCustomer,
        "Which invoice do you mean?",
        sh("2037-12-01 10:30"),
    )
    .await
    .unwrap();
    desk::customer_act(
        &app.db,
        &who(p.plain),
        p.plain,
        paused,
        "The one from October.",
        false,
        sh("2037-12-01 14:00"),
    )
    .await
    .unwrap();
    desk::staff_act(
        &app.db,
        &who(p.b),
        paused,
        StaffAction::Resolve,
        "Sent again.",
        sh("2037-12-01 15:00"),
    )
    .await
    .unwrap();
    let dec = quality::evaluate_period(
        &app.db,
        &who(p.quality),
        Period::parse("2037-12").unwrap(),
        false,
        sh("2038-01-01 09:00"),
    )
    .await
    .unwrap();
    assert!(dec.previous_stored);
    let a = dec.agents.iter().find(|r| r.subject_id == p.a).unwrap();
    // The request opened on 30 November and resolved on 1 December counts in December.
    assert_eq!(a.metrics.requests, 4);
    assert!(!a.below && a.prev_below == Some(true) && a.recovered());
    let b = dec.agents.iter().find(|r| r.subject_id == p.b).unwrap();
    assert_eq!(b.metrics.frt_median_secs, Some(30 * 60));
    assert_eq!(b.metrics.res_median_secs, Some(90 * 60));
    assert_eq!((b.metrics.sla_met, b.metrics.sla_total), (2, 2));
    assert!(!b.recovered() && b.prev_below == Some(false));

    // The agent's page: both months, newest first, and the training; another agent's page is
    // not theirs to see, quality staff see it.
    let page = quality::agent_quality(&app.db, p.a, false, p.a, sh("2038-01-02 10:00"))
        .await
        .unwrap();
    let months: Vec<String> = page.history.iter().map(|r| r.period.to_string()).collect();
    assert_eq!(months, vec!["2037-12", "2037-11"]);
    assert!(page.history[0].recovered() && page.history[1].below);
    assert_eq!(page.trainings.len(), 1);
    assert_eq!(page.trainings[0].status, TrainingStatus::Verified);
    assert!(page.is_self && !page.may_manage);
    assert!(matches!(
        quality::agent_quality(&app.db, p.b, false, p.a, 0).await,
        Err(ServiceError::NotFound)
    ));
    assert!(quality::agent_quality(&app.db, p.quality, true, p.a, 0)
        .await
        .is_ok());
}

#[tokio::test]
async fn clause_5_2_1_the_monthly_job_evaluates_the_previous_month_once() {
    let app = spawn_app().await;
    let p = people(&app).await;
    november(&app, &p).await;
    let policy = vipcare::services::auth::AuthPolicy::default();
    // During November nothing of November is evaluated (October is: empty). The years are far
    // ahead so that the server's own job, on the real clock, never evaluates these months.
    let r = vipcare_server::jobs::run_all(&app.db, &policy, None, sh("2037-11-30 12:00"))
        .await
        .unwrap();
    assert_eq!(
        (r.quality.period.as_str(), r.quality.evaluated),
        ("2037-10", true)
    );
    assert!(quality::summary(&app.db, nov()).await.unwrap().is_none());
    // On 1 December November is evaluated, once.
    let r = vipcare_server::jobs::run_all(&app.db, &policy, None, sh("2037-12-01 12:00"))
        .await
        .unwrap();
    assert_eq!(
        (
            r.quality.period.as_str(),
            r.quality.evaluated,
            r.quality.flagged_agents
        ),
        ("2037-11", true, 1)
    );
    let again = vipcare_server::jobs::run_all(&app.db, &policy, None, sh("2037-12-01 12:10"))
        .await
        .unwrap();
    assert!(!again.quality.evaluated);
    let s = quality::summary(&app.db, nov()).await.unwrap().unwrap();
    assert_eq!((s.revision, s.computed_by), (1, None));
    let evaluated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'quality.evaluated' AND object_id = '2037-11'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(evaluated, 1);
    // Two runs at once (two nodes): still one stored month.
    let (x, y) = tokio::join!(
        quality::evaluate_previous_month(&app.db, sh("2038-01-01 12:00")),
        quality::evaluate_previous_month(&app.db, sh("2038-01-01 12:00")),
    );
    assert!(x.unwrap().period == "2037-12" && y.unwrap().period == "2037-12");
    let evaluated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'quality.evaluated' AND object_id = '2037-12'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    assert_eq!(evaluated, 1);
}

#[tokio::test]
async fn clause_5_2_1_pages_and_server_functions_check_who_may_do_what() {
    let app = spawn_app().await;
    let p = people(&app).await;
    november(&app, &p).await;
    quality::evaluate_period(
        &app.db,
        &who(p.quality),
        nov(),
        false,
        sh("2037-12-01 09:00"),
    )
    .await
    .unwrap();
    let q = app.login("quality@example.com", PASSWORD).await.unwrap();
    let a = app.login("a@example.com", PASSWORD).await.unwrap();
    let b = app.login("b@example.com", PASSWORD).await.unwrap();
    // Quality staff see the month, A flagged, rendered on the server.
    let res = app
        .get("/admin/quality/evaluations?period=2037-11", Some(&q))
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"data-agent="{}" data-below="1""#, p.a)),
        "{html}"
    );
    assert!(html.contains(&format!(r#"data-agent="{}" data-below="0""#, p.b)));
    // … but do not recompute it, nor change the standards.
    let res = app
        .post_form(
            "/api/quality/recompute",
            &[("period", "2037-11"), ("reason", "Because.")],
            Some(&q),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form(
            "/api/quality/standards/set",
            &[("min_csat", "3"), ("min_ratings", "1"), ("min_sla", "50")],
            Some(&q),
        )
        .await;
    assert_eq!(res.status(), 403);
    // Agents see no evaluations; their own quality page only.
    assert_eq!(
        app.get("/admin/quality/evaluations", Some(&a))
            .await
            .status(),
        403
    );
    let id = p.a.to_string();
    let res = app
        .post_form("/api/quality/agent", &[("id", &id)], Some(&b))
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_form("/api/quality/agent", &[("id", &id)], Some(&a))
        .await;
    assert_eq!(res.status(), 200);
    let res = app.get("/admin/quality/me", Some(&a)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"data-test="history-row" data-period="2037-11" data-below="1""#),
        "{html}"
    );
}
