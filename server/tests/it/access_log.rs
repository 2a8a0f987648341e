//! The customer's access log (clause 10): "who viewed my data" lists every staff read of the
//! customer's data with the viewer's role and the purpose, never the viewer's name or e-mail,
//! and only to that customer.

use crate::common::{spawn_app, who, PASSWORD};
use vipcare::access_log::{AccessLogPage, Viewed, PAGE_SIZE};
use vipcare::store::now_ms;
use vipcare::Role;

const LOG: &str = "/api/access-log/mine";

async fn log_of(app: &crate::common::TestApp, cookie: &str, before: Option<i64>) -> String {
    let before = before.map(|b| b.to_string());
    let form: Vec<(&str, &str)> = before.iter().map(|b| ("before", b.as_str())).collect();
    let res = app.post_form(LOG, &form, Some(cookie)).await;
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

#[tokio::test]
async fn clause_10_1_a_staff_read_shows_in_the_customers_access_log_by_role_and_purpose() {
    let app = spawn_app().await;
    vipcare::services::staff::ensure(
        &app.db,
        "wanda.watcher@example.com",
        "Wanda Watcher",
        &[Role::Reviewer, Role::Agent],
        PASSWORD,
        now_ms(),
    )
    .await
    .unwrap();
    let c1 = app.add_customer("c1@example.com").await;
    app.add_customer("c2@example.com").await;
    let staff = app
        .login("wanda.watcher@example.com", PASSWORD)
        .await
        .unwrap();
    let one = app.login("c1@example.com", PASSWORD).await.unwrap();
    let two = app.login("c2@example.com", PASSWORD).await.unwrap();

    // Nothing yet.
    let page: AccessLogPage = serde_json::from_str(&log_of(&app, &one, None).await).unwrap();
    assert!(page.entries.is_empty());
    assert_eq!(page.next, None);

    // The staff member opens the customer's record.
    let res = app
        .post_form(
            "/api/customers/record",
            &[("id", &c1.to_string())],
            Some(&staff),
        )
        .await;
    assert_eq!(res.status(), 200);

    let body = log_of(&app, &one, None).await;
    for secret in ["Wanda", "wanda.watcher", "Watcher"] {
        assert!(!body.contains(secret), "{secret} leaked: {body}");
    }
    let page: AccessLogPage = serde_json::from_str(&body).unwrap();
    assert_eq!(page.entries.len(), 1, "{body}");
    let e = &page.entries[0];
    assert_eq!(e.viewed, Viewed::Customer);
    assert_eq!(e.roles, vec![Role::Agent, Role::Reviewer]);
    assert_eq!(e.object_id.as_deref(), Some(c1.to_string().as_str()));
    assert_eq!(e.viewed.purpose(), vipcare::Msg::AccessPurposeAccount);
    assert_eq!(page.next, None);

    // Another customer's log does not show it.
    let other: AccessLogPage = serde_json::from_str(&log_of(&app, &two, None).await).unwrap();
    assert!(other.entries.is_empty());
}

#[tokio::test]
async fn clause_10_3_only_the_customer_reads_their_access_log() {
    let app = spawn_app().await;
    app.add_staff("admin@example.com", &[Role::Admin]).await;
    app.add_customer("c1@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    assert_eq!(app.post_form(LOG, &[], None).await.status(), 401);
    assert_eq!(app.post_form(LOG, &[], Some(&admin)).await.status(), 403);
    assert_eq!(
        app.get("/portal/access-log", Some(&admin)).await.status(),
        403
    );
    let one = app.login("c1@example.com", PASSWORD).await.unwrap();
    let page = app.get("/portal/access-log", Some(&one)).await;
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn clause_10_1_the_access_log_pages_newest_first_without_gaps() {
    let app = spawn_app().await;
    let staff = app.add_staff("finance@example.com", &[Role::Finance]).await;
    let c1 = app.add_customer("c1@example.com").await;
    let reads = PAGE_SIZE + 5;
    for _ in 0..reads {
        vipcare::services::customers::record_for_staff(
            &app.db,
            &who(staff),
            staff,
            c1,
            None,
            now_ms(),
        )
        .await
        .unwrap();
    }
    let one = app.login("c1@example.com", PASSWORD).await.unwrap();
    let first: AccessLogPage = serde_json::from_str(&log_of(&app, &one, None).await).unwrap();
    assert_eq!(first.entries.len() as i64, PAGE_SIZE);
    assert!(first.entries.windows(2).all(|w| w[0].seq > w[1].seq));
    let next = first.next.expect("a second page");
    assert_eq!(next, first.entries.last().unwrap().seq);
    let second: AccessLogPage =
        serde_json::from_str(&log_of(&app, &one, Some(next)).await).unwrap();
    assert_eq!(second.entries.len() as i64, reads - PAGE_SIZE);
    assert!(second.entries.iter().all(|e| e.seq < next));
    assert_eq!(second.next, None);
    assert!(second
        .entries
        .iter()
        .all(|e| e.roles == vec![Role::Finance] && e.viewed == Viewed::Customer));
}

/// Clause 10.1: a branch-bound staff member (agent@, headquarters branch) opening a customer
/// outside their branch and work is asked for a reason and shown nothing until they give one;
/// the reason is in the audit entry. Their own VIP and headquarters roles need none.
#[tokio::test]
async fn clause_10_1_viewing_outside_ones_branch_and_work_asks_for_a_reason() {
    let app = crate::common::spawn_app_with(|p| p.ip_max_attempts = 1_000).await;
    vipcare_server::seed::seed_demo(&app.db, PASSWORD)
        .await
        .expect("demo data");
    let id_of = |email: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = ?")
                .bind(email)
                .fetch_one(db.reader())
                .await
                .unwrap()
        }
    };
    let (new, vip) = (
        id_of("new@example.com").await,
        id_of("vip@example.com").await,
    );
    let agent = app.login("agent@example.com", PASSWORD).await.unwrap();
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let record = |cookie: String, id: i64, reason: Option<&'static str>| {
        let app = &app;
        async move {
            let id = id.to_string();
            let mut form = vec![("id", id.as_str())];
            if let Some(r) = reason {
                form.push(("reason", r));
            }
            let res = app
                .post_form("/api/customers/record", &form, Some(&cookie))
                .await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let viewed = |id: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<String>)>(
                "SELECT COUNT(*), MAX(detail) FROM audit_log WHERE action = 'customer.viewed' AND subject_user_id = ?",
            )
            .bind(id)
            .fetch_one(db.reader())
            .await
            .unwrap()
        }
    };

    // new@ has no request, complaint or agent in agent@'s branch: a reason first.
    let (status, body) = record(agent.clone(), new, None).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("ViewReasonRequired"), "{body}");
    assert!(
        !body.contains("new@example.com"),
        "nothing of the record is shown"
    );
    assert_eq!(viewed(new).await.0, 0);
    let (status, _) = record(agent.clone(), new, Some("hm")).await;
    assert_eq!(status, 422, "too short a reason");
    assert_eq!(viewed(new).await.0, 0);
    let (status, body) = record(
        agent.clone(),
        new,
        Some("客户来电,核对会员资格 / phoned about eligibility"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("new@example.com"));
    let (count, detail) = viewed(new).await;
    assert_eq!(count, 1);
    assert!(detail.unwrap().contains("phoned about eligibility"));

    // agent@ is vip@'s dedicated agent; the admin has no branch: no reason asked.
    assert_eq!(record(agent.clone(), vip, None).await.0, 200);
    assert_eq!(record(admin.clone(), new, None).await.0, 200);

    // The customer sees the reason, and each viewer's roles as they were when they read: the
    // agent's later change of role does not rewrite the log.
    let agent_id = id_of("agent@example.com").await;
    vipcare::services::staff::set_roles(
        &app.db,
        &who(id_of("admin@example.com").await),
        agent_id,
        &[Role::Quality],
        now_ms(),
    )
    .await
    .unwrap();
    let customer = app.login("new@example.com", PASSWORD).await.unwrap();
    let page: AccessLogPage = serde_json::from_str(&log_of(&app, &customer, None).await).unwrap();
    assert_eq!(page.entries.len(), 2, "{page:?}");
    let (by_admin, by_agent) = (&page.entries[0], &page.entries[1]);
    assert_eq!(by_admin.roles, vec![Role::Admin]);
    assert_eq!(by_admin.reason, None);
    assert_eq!(by_agent.roles, vec![Role::Agent], "the roles at the time");
    assert_eq!(
        by_agent.reason.as_deref(),
        Some("客户来电,核对会员资格 / phoned about eligibility")
    );
    let html = app
        .get("/portal/access-log", Some(&customer))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("phoned about eligibility"),
        "the page shows the reason"
    );
}
