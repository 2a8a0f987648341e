//! Issue 9: the authorization matrix. Every server function (found in `app/src/api/*.rs` at test
//! time) and every Axum route outside them (found in `server/src/*.rs`) is listed below with the
//! roles allowed to call it; a new endpoint without a row, or a row for an endpoint that is gone,
//! fails the test. Each endpoint is then called as anonymous and as every demo role: anonymous
//! gets 401, a role without the permission 403, an allowed role anything else, nobody a 5xx.
//! Customers asking for another customer's objects get 404 and leave an `access.denied` audit
//! entry; cross-site posts of a signed-in admin are refused with 403 and change nothing.

use crate::common::{spawn_app_with, TestApp, PASSWORD};
use reqwest::Response;
use std::collections::BTreeSet;

// ------------------------------------------------------------------------------------ who

/// The callers: anonymous and the demo accounts of every role (`lead@` is an agent who
/// supervises the headquarters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Customer,
    Reviewer,
    Agent,
    Quality,
    Finance,
    Admin,
    Lead,
}

const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::Customer,
    Who::Reviewer,
    Who::Agent,
    Who::Quality,
    Who::Finance,
    Who::Admin,
    Who::Lead,
];

impl Who {
    fn email(self) -> Option<&'static str> {
        Some(match self {
            Who::Anonymous => return None,
            Who::Customer => "vip@example.com",
            Who::Reviewer => "reviewer@example.com",
            Who::Agent => "agent@example.com",
            Who::Quality => "quality@example.com",
            Who::Finance => "finance@example.com",
            Who::Admin => "admin@example.com",
            Who::Lead => "lead@example.com",
        })
    }

    fn bit(self) -> u8 {
        match self {
            Who::Anonymous => 0,
            Who::Customer => C,
            Who::Reviewer => R,
            Who::Agent => A,
            Who::Quality => Q,
            Who::Finance => F,
            Who::Admin => AD,
            Who::Lead => L,
        }
    }
}

// Roles as bits, and the permission sets of `vipcare::Permission::granted_to` over them.
const C: u8 = 1; // customer
const R: u8 = 2; // reviewer
const A: u8 = 4; // agent
const Q: u8 = 8; // quality
const F: u8 = 16; // finance
const AD: u8 = 32; // admin
const L: u8 = 64; // lead (agent, branch supervisor)

const OWN_ACCOUNT: u8 = C | R | A | Q | F | AD | L;
const PORTAL: u8 = C;
const STAFF: u8 = R | A | Q | F | AD | L;
const ADMIN: u8 = AD; // ManageStaff, ReadAudit, ManageProgramme, ManageDisputes
const BILLING: u8 = F | AD; // ManageBilling, ImportLedger
const REVIEW: u8 = R | AD; // ReviewApplications, DecideBreachCases
const REQUESTS: u8 = A | L | AD;
const COMPLAINTS: u8 = A | L | Q | AD; // HandleComplaints, RecordFeedback
const BREACHES: u8 = A | L | R | AD;
const QUALITY: u8 = Q | AD;
const CUSTOMERS: u8 = R | A | L | F | AD;

#[derive(Clone, Copy, Debug)]
enum Access {
    /// Public by design: nobody is refused for who they are.
    Public,
    /// Only these roles; anonymous 401, anyone else 403.
    Roles(u8),
    /// Machine-to-machine with an API key: a session, whoever's, is no key (401 for all).
    ApiKey,
}

// ------------------------------------------------------------------------------------ the matrix

/// Every server function: endpoint (under `/api/`), who may call it, minimal arguments
/// (form-encoded; ids that do not exist; `{me}` is the caller's user id). An argument list
/// starting with `multipart:` names the id field of a multipart upload.
const SERVER_FNS: &[(&str, Access, &str)] = &[
    // access_log.rs
    ("access-log/mine", Access::Roles(PORTAL), ""),
    ("audit/recent", Access::Roles(ADMIN), ""),
    // auth.rs
    ("login", Access::Public, "email=&password="),
    ("register", Access::Public, "name=&email=&phone=&password="),
    ("logout", Access::Public, ""),
    ("language", Access::Public, "lang=en&back=/"),
    (
        "account/password",
        Access::Roles(OWN_ACCOUNT),
        "current_password=test-password-123&new_password=",
    ),
    // mfa.rs (the code step needs its cookie: without one, a 409 for everyone)
    ("login/verify", Access::Public, "code=123456"),
    ("account/mfa", Access::Roles(OWN_ACCOUNT), ""),
    ("account/mfa/begin", Access::Roles(OWN_ACCOUNT), ""),
    (
        "account/mfa/confirm",
        Access::Roles(OWN_ACCOUNT),
        "code=000000",
    ),
    (
        "account/mfa/recovery-codes",
        Access::Roles(OWN_ACCOUNT),
        "code=000000",
    ),
    (
        "account/mfa/forget-browsers",
        Access::Roles(OWN_ACCOUNT),
        "",
    ),
    (
        "account/mfa/disable",
        Access::Roles(PORTAL),
        "password=not-the-password-0",
    ),
    (
        "staff/mfa-reset",
        Access::Roles(ADMIN),
        "user=999999&reason=lost+phone",
    ),
    // billing.rs
    ("fees/public", Access::Public, ""),
    ("billing/fees/versions", Access::Roles(BILLING), ""),
    ("billing/fees/version", Access::Roles(BILLING), "id=999999"),
    (
        "billing/fees/create",
        Access::Roles(BILLING),
        "label=&effective_from=",
    ),
    (
        "billing/fees/update",
        Access::Roles(BILLING),
        "id=999999&label=&effective_from=",
    ),
    (
        "billing/fees/item",
        Access::Roles(BILLING),
        "version_id=999999&id=0&code=&name_zh=&name_en=&unit_zh=&unit_en=&price_yuan=&tax_percent=",
    ),
    (
        "billing/fees/item/delete",
        Access::Roles(BILLING),
        "version_id=999999&id=999999",
    ),
    ("billing/fees/publish", Access::Roles(BILLING), "id=999999"),
    ("billing/fees/discard", Access::Roles(BILLING), "id=999999"),
    ("billing/invoices", Access::Roles(BILLING), ""),
    (
        "billing/invoice",
        Access::Roles(PORTAL | BILLING),
        "id=999999",
    ),
    (
        "billing/invoices/create",
        Access::Roles(BILLING),
        "customer_email=&note=&lines[0][code]=&lines[0][quantity]=&lines[0][service_date]=",
    ),
    (
        "billing/invoices/issue",
        Access::Roles(BILLING),
        "id=999999",
    ),
    (
        "billing/invoices/void",
        Access::Roles(BILLING),
        "id=999999&reason=",
    ),
    (
        "billing/invoices/payment",
        Access::Roles(BILLING),
        "id=999999&method=&reference=&amount_yuan=&received_on=",
    ),
    (
        "billing/invoices/adjustment",
        Access::Roles(BILLING),
        "id=999999&kind=&amount_yuan=&reason=",
    ),
    (
        "billing/adjustments/decide",
        Access::Roles(BILLING),
        "invoice_id=999999&adjustment_id=999999&decision=",
    ),
    ("billing/mine", Access::Roles(PORTAL), ""),
    // breach.rs
    ("breaches/list", Access::Roles(BREACHES), ""),
    (
        "breaches/open",
        Access::Roles(BREACHES),
        "customer_email=&clause=&summary=&evidence=",
    ),
    ("breaches/get", Access::Roles(BREACHES), "id=999999"),
    (
        "breaches/attach",
        Access::Roles(BREACHES),
        "multipart:breach_id",
    ),
    (
        "breaches/decide",
        Access::Roles(REVIEW),
        "id=999999&decision=&reason=",
    ),
    ("breaches/mine", Access::Roles(PORTAL), ""),
    ("breaches/my", Access::Roles(PORTAL), "id=999999"),
    // complaint_reports.rs, complaint_settings.rs
    ("complaints/reports", Access::Roles(COMPLAINTS), ""),
    ("complaint-settings/overview", Access::Roles(ADMIN), ""),
    (
        "complaint-settings/deadlines",
        Access::Roles(ADMIN),
        "acknowledge_hours=&propose_days=&second_proposal_days=",
    ),
    (
        "complaint-settings/policy",
        Access::Roles(ADMIN),
        "level=999999&first_response=&resolution=&monthly_cap=",
    ),
    (
        "complaint-settings/policy/remove",
        Access::Roles(ADMIN),
        "level=999999",
    ),
    // retention.rs
    ("retention/overview", Access::Roles(ADMIN), ""),
    ("retention/period", Access::Roles(ADMIN), "years="),
    ("retention/run", Access::Roles(ADMIN), ""),
    // complaints.rs
    ("complaints/mine", Access::Roles(PORTAL), ""),
    ("complaints/compensation", Access::Roles(PORTAL), ""),
    ("complaints/file", Access::Roles(PORTAL), "subject=&body="),
    ("complaints/known-staff", Access::Roles(PORTAL), ""),
    (
        "complaints/get",
        Access::Roles(PORTAL | COMPLAINTS),
        "id=999999",
    ),
    (
        "complaints/answer",
        Access::Roles(PORTAL),
        "id=999999&answer=&comment=",
    ),
    ("complaints/queue", Access::Roles(COMPLAINTS), "view="),
    (
        "complaints/act",
        Access::Roles(COMPLAINTS),
        "id=999999&step=",
    ),
    (
        "complaints/record",
        Access::Roles(COMPLAINTS),
        "customer_email=&channel=&subject=&body=",
    ),
    // credits.rs
    ("billing/credits", Access::Roles(BILLING), "open_only=false"),
    (
        "billing/credits/issue",
        Access::Roles(BILLING),
        "amount_yuan=&reason=",
    ),
    (
        "billing/credits/refund",
        Access::Roles(BILLING),
        "credit_id=999999&method=&reference=&amount_yuan=&refunded_on=&reason=",
    ),
    // customers.rs
    ("portal/progress", Access::Roles(PORTAL), ""),
    ("customers/search", Access::Roles(CUSTOMERS), "q="),
    ("customers/record", Access::Roles(CUSTOMERS), "id=999999"),
    // desk.rs
    ("requests/mine", Access::Roles(PORTAL), ""),
    (
        "requests/open",
        Access::Roles(PORTAL),
        "kind=&urgency=&subject=&body=",
    ),
    (
        "requests/get",
        Access::Roles(PORTAL | REQUESTS),
        "id=999999",
    ),
    (
        "requests/attach",
        Access::Roles(PORTAL | REQUESTS),
        "multipart:request_id",
    ),
    ("requests/reply", Access::Roles(PORTAL), "id=999999&body="),
    ("queue/page", Access::Roles(REQUESTS), "scope=all"),
    ("queue/counts", Access::Roles(REQUESTS), ""),
    ("queue/options", Access::Roles(REQUESTS), ""),
    ("queue/route", Access::Roles(REQUESTS), "id=999999&route="),
    (
        "queue/act",
        Access::Roles(REQUESTS),
        "id=999999&action=&body=",
    ),
    (
        "queue/log",
        Access::Roles(REQUESTS),
        "customer_email=&channel=&kind=&urgency=&subject=&body=",
    ),
    // desk_admin.rs
    ("desk-admin/overview", Access::Roles(ADMIN), ""),
    (
        "desk-admin/branch/create",
        Access::Roles(ADMIN),
        "code=&name_zh=&name_en=&supervisor=",
    ),
    (
        "desk-admin/branch/supervisor",
        Access::Roles(ADMIN),
        "branch=999999&supervisor=",
    ),
    (
        "desk-admin/staff",
        Access::Roles(ADMIN),
        "user=999999&branch=",
    ),
    (
        "desk-admin/agent",
        Access::Roles(ADMIN),
        "customer=999999&agent=",
    ),
    (
        "desk-admin/calendar/hours",
        Access::Roles(ADMIN),
        "calendar=999999&open=&close=",
    ),
    (
        "desk-admin/calendar/day",
        Access::Roles(ADMIN),
        "calendar=999999&day=&kind=&note=",
    ),
    (
        "desk-admin/calendar/day/remove",
        Access::Roles(ADMIN),
        "calendar=999999&day=",
    ),
    (
        "desk-admin/policy",
        Access::Roles(ADMIN),
        "level=&first_response=&resolution=&calendar=999999",
    ),
    // disputes.rs
    ("disputes/list", Access::Roles(ADMIN), ""),
    (
        "disputes/open",
        Access::Roles(ADMIN),
        "customer_email=&method=&body=&opened_on=&summary=",
    ),
    ("disputes/get", Access::Roles(ADMIN), "id=999999"),
    (
        "disputes/step",
        Access::Roles(ADMIN),
        "id=999999&kind=&happened_on=",
    ),
    (
        "disputes/close",
        Access::Roles(ADMIN),
        "id=999999&status=&result=&closed_on=",
    ),
    ("disputes/attach", Access::Roles(ADMIN), "multipart:step_id"),
    ("disputes/mine", Access::Roles(PORTAL), ""),
    ("disputes/my", Access::Roles(PORTAL), "id=999999"),
    // feedback.rs
    ("quality/feedback/mine", Access::Roles(PORTAL), ""),
    (
        "quality/feedback/item",
        Access::Roles(PORTAL),
        "kind=request&id=999999",
    ),
    (
        "quality/feedback/rate",
        Access::Roles(PORTAL),
        "kind=request&id=999999",
    ),
    (
        "quality/feedback/give",
        Access::Roles(PORTAL),
        "rating=9&comment=",
    ),
    (
        "quality/feedback/record",
        Access::Roles(COMPLAINTS),
        "customer_email=&channel=",
    ),
    ("quality/feedback/list", Access::Roles(COMPLAINTS), ""),
    // ledger.rs
    ("ledger/preview", Access::Roles(BILLING), "multipart:"),
    ("ledger/commit", Access::Roles(BILLING), "id=999999"),
    ("ledger/import-status", Access::Roles(BILLING), "id=999999"),
    ("ledger/imports", Access::Roles(BILLING), ""),
    ("api-keys/list", Access::Roles(ADMIN), ""),
    ("api-keys/create", Access::Roles(ADMIN), "name="),
    ("api-keys/revoke", Access::Roles(ADMIN), "id=999999"),
    // membership.rs
    ("agreement/current", Access::Public, ""),
    ("agreement/my-notes", Access::Roles(PORTAL), ""),
    ("membership/mine", Access::Roles(PORTAL), ""),
    (
        "application/save",
        Access::Roles(PORTAL),
        "level_id=999999&company=&message=",
    ),
    (
        "application/material",
        Access::Roles(PORTAL),
        "multipart:application_id",
    ),
    (
        "application/material/remove",
        Access::Roles(PORTAL),
        "application_id=999999&file_id=999999",
    ),
    (
        "application/submit",
        Access::Roles(PORTAL),
        "application_id=999999&template_id=999999",
    ),
    (
        "application/withdraw",
        Access::Roles(PORTAL),
        "application_id=999999",
    ),
    (
        "agreement/get",
        Access::Roles(PORTAL | CUSTOMERS),
        "id=999999",
    ),
    (
        "agreement/sign",
        Access::Roles(PORTAL),
        "id=999999&signed_name=",
    ),
    (
        "membership/terminate",
        Access::Roles(PORTAL),
        "id=999999&reason=",
    ),
    ("review/queue", Access::Roles(REVIEW), ""),
    ("review/application", Access::Roles(REVIEW), "id=999999"),
    (
        "review/decide",
        Access::Roles(REVIEW),
        "id=999999&decision=",
    ),
    ("review/countersign", Access::Roles(REVIEW), "id=999999"),
    (
        "membership/of-customer",
        Access::Roles(CUSTOMERS),
        "customer_id=999999",
    ),
    (
        "membership/end",
        Access::Roles(REVIEW),
        "id=999999&how=&reason=",
    ),
    (
        "amendment/propose",
        Access::Roles(PORTAL | REVIEW),
        "membership_id=999999&kind=&description=&signed_name=",
    ),
    (
        "amendment/decide",
        Access::Roles(PORTAL | REVIEW),
        "id=999999&accept=false",
    ),
    (
        "amendment/list",
        Access::Roles(CUSTOMERS),
        "membership_id=999999",
    ),
    // notifications.rs
    ("notifications/list", Access::Roles(OWN_ACCOUNT), ""),
    (
        "notifications/read",
        Access::Roles(OWN_ACCOUNT),
        "id=999999",
    ),
    // payments.rs: the test gateway's pages work by checkout token, not by session.
    ("payments/enabled", Access::Public, ""),
    ("payments/start", Access::Roles(PORTAL), "id=999999"),
    ("pay/test/checkout", Access::Public, "token=x"),
    ("pay/test/pay", Access::Public, "token=x"),
    ("pay/test/cancel", Access::Public, "token=x"),
    // plans.rs
    ("plans/get", Access::Roles(PORTAL | BILLING), "id=999999"),
    ("plans/mine", Access::Roles(PORTAL), ""),
    ("plans/request", Access::Roles(PORTAL), "request="),
    ("plans/answer", Access::Roles(PORTAL), "id=999999&decision="),
    ("plans/withdraw", Access::Roles(PORTAL), "id=999999"),
    ("billing/plans", Access::Roles(BILLING), "open=false"),
    (
        "billing/plans/propose",
        Access::Roles(BILLING),
        "id=999999&note=&valid_until=&lines[0][code]=&lines[0][quantity]=",
    ),
    // programme.rs
    ("programme/levels", Access::Public, ""),
    ("programme/complaint-channels", Access::Public, ""),
    ("programme/levels/all", Access::Roles(ADMIN), ""),
    (
        "programme/levels/save",
        Access::Roles(ADMIN),
        "id=0&code=&name_zh=&name_en=&rank=&spend_yuan=&points=&discount_percent=&entry_fee_yuan=",
    ),
    // quality.rs
    ("quality/evaluation", Access::Roles(QUALITY), ""),
    ("quality/evaluate", Access::Roles(QUALITY), "period="),
    // Recomputing a month and setting the standards are the admin's alone: the service
    // refuses quality staff (Forbidden) beyond the ManageQuality check.
    (
        "quality/recompute",
        Access::Roles(ADMIN),
        "period=2020-01&reason=authz",
    ),
    ("quality/standards", Access::Roles(QUALITY), ""),
    (
        "quality/standards/set",
        Access::Roles(ADMIN),
        "min_csat=&min_ratings=&min_sla=",
    ),
    ("quality/trainings", Access::Roles(QUALITY), ""),
    (
        "quality/trainings/assign",
        Access::Roles(QUALITY),
        "agent_id=&topic=&material=&due_on=",
    ),
    // Every staff member steps through their own training (the service checks whose).
    (
        "quality/trainings/step",
        Access::Roles(STAFF),
        "id=999999&step=x",
    ),
    // Staff see their own quality page; quality and admin anyone's.
    ("quality/agent", Access::Roles(STAFF), "id={me}"),
    ("quality/me", Access::Roles(STAFF), ""),
    // quality_reports.rs
    ("quality/reports/dashboard", Access::Roles(QUALITY), ""),
    ("quality/reports/process", Access::Roles(QUALITY), ""),
    ("quality/reports/public", Access::Public, ""),
    // reports.rs
    ("billing/reports/ageing", Access::Roles(BILLING), ""),
    ("billing/reports/revenue", Access::Roles(BILLING), ""),
    // staff.rs
    ("staff/list", Access::Roles(ADMIN), ""),
    (
        "staff/create",
        Access::Roles(ADMIN),
        "name=&email=&password=",
    ),
    ("staff/roles", Access::Roles(ADMIN), "id=999999"),
    (
        "staff/active",
        Access::Roles(ADMIN),
        "id=999999&active=true",
    ),
];

/// The Axum routes outside the server functions: route pattern, method, a concrete path,
/// who may use it.
const ROUTES: &[(&str, &str, &str, Access)] = &[
    ("/healthz", "GET", "/healthz", Access::Public),
    ("/metrics", "GET", "/metrics", Access::Roles(ADMIN)),
    ("/api/v1/ledger", "POST", "/api/v1/ledger", Access::ApiKey),
    (
        "/files/{id}",
        "GET",
        "/files/999999",
        Access::Roles(PORTAL | CUSTOMERS),
    ),
    (
        "/agreements/{id}/signed-copy",
        "GET",
        "/agreements/999999/signed-copy",
        Access::Roles(PORTAL | CUSTOMERS),
    ),
    // The customer's own data export (10); staff export nothing here.
    (
        "/portal/export.zip",
        "GET",
        "/portal/export.zip",
        Access::Roles(PORTAL),
    ),
    // Signed by the provider, not by a session; an unknown provider is 404.
    (
        "/payments/{provider}/callback",
        "POST",
        "/payments/nope/callback",
        Access::Public,
    ),
    (
        "/admin/billing/reports/ageing.csv",
        "GET",
        "/admin/billing/reports/ageing.csv",
        Access::Roles(BILLING),
    ),
    (
        "/admin/billing/reports/revenue.csv",
        "GET",
        "/admin/billing/reports/revenue.csv",
        Access::Roles(BILLING),
    ),
    (
        "/admin/complaints/reports.csv",
        "GET",
        "/admin/complaints/reports.csv",
        Access::Roles(COMPLAINTS),
    ),
    (
        "/admin/quality/export/{file}",
        "GET",
        "/admin/quality/export/csat.csv",
        Access::Roles(QUALITY),
    ),
];

/// (endpoint or route, who) pairs that are known to fail, each with the reason. Empty: every
/// case holds.
const KNOWN_FAILURES: &[(&str, Who)] = &[];

// ------------------------------------------------------------------------------------ scanning

fn source_dir(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn rust_files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

/// Every `endpoint = "…"` of a `#[server(…)]` in `app/src/api/*.rs`, with whether it takes a
/// multipart form.
fn scanned_server_fns() -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (_, text) in rust_files(&source_dir("../app/src/api")) {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[server(") {
            rest = &rest[at + "#[server(".len()..];
            let attr = &rest[..rest.find(")]").unwrap_or(0)];
            if let Some(e) = attr.find("endpoint = \"") {
                let name = &attr[e + "endpoint = \"".len()..];
                let name = &name[..name.find('"').expect("closing quote")];
                out.push((name.to_string(), attr.contains("MultipartFormData")));
            }
        }
    }
    out
}

/// The path of every `.route(` in `server/src/*.rs` (the first string literal after it).
fn scanned_routes() -> Vec<String> {
    let mut out = Vec::new();
    for (_, text) in rust_files(&source_dir("src")) {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let q = rest.find('"').expect("a path literal after .route(");
            let path = &rest[q + 1..];
            out.push(path[..path.find('"').unwrap()].to_string());
        }
    }
    out
}

fn compare(kind: &str, found: &[String], table: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let table_set: BTreeSet<&str> = table.iter().copied().collect();
    assert_eq!(
        table_set.len(),
        table.len(),
        "duplicate rows in the {kind} table"
    );
    let found_set: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    for f in &found_set {
        if !table_set.contains(f) {
            problems.push(format!("add {f} to the authorization matrix ({kind})"));
        }
    }
    for t in &table_set {
        if !found_set.contains(t) {
            problems.push(format!(
                "{t} is in the authorization matrix ({kind}) but no longer in the source"
            ));
        }
    }
    problems
}

#[test]
fn the_matrix_lists_every_server_function_and_route() {
    let fns = scanned_server_fns();
    assert!(
        fns.len() > 100,
        "scanning found only {} server fns",
        fns.len()
    );
    let names: Vec<String> = fns.iter().map(|(n, _)| n.clone()).collect();
    let table: Vec<&str> = SERVER_FNS.iter().map(|(e, _, _)| *e).collect();
    let mut problems = compare("server functions", &names, &table);
    // The table's multipart rows are exactly the multipart server functions.
    for (name, multipart) in &fns {
        if let Some((_, _, args)) = SERVER_FNS.iter().find(|(e, _, _)| e == name) {
            if args.starts_with("multipart:") != *multipart {
                problems.push(format!("{name}: multipart in the source is {multipart}"));
            }
        }
    }
    // Every multipart server function takes uploads: the upload body limit, multipart only.
    for (name, multipart) in &fns {
        let path = format!("/api/{name}");
        if *multipart != vipcare_server::middleware::UPLOAD_PATHS.contains(&path.as_str()) {
            problems.push(format!(
                "{path}: multipart is {multipart}, but UPLOAD_PATHS says otherwise"
            ));
        }
    }
    let routes = scanned_routes();
    assert!(!routes.is_empty(), "no .route( found in server/src");
    let table: Vec<&str> = ROUTES.iter().map(|(p, _, _, _)| *p).collect();
    problems.extend(compare("routes", &routes, &table));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ------------------------------------------------------------------------------------ calling

async fn seeded_app() -> TestApp {
    // The matrix signs in and out more often than one person would: no IP throttling here.
    let app = spawn_app_with(|p| p.ip_max_attempts = 100_000).await;
    vipcare_server::seed::seed_demo(&app.db, PASSWORD)
        .await
        .expect("demo data");
    app
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

fn pairs(args: &str, me: i64) -> Vec<(String, String)> {
    args.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.replace("{me}", &me.to_string()))
        })
        .collect()
}

enum Site {
    Same,
    EvilOrigin,
    CrossSiteFetch,
}

/// Calls a server function as a browser would (same origin unless `site` says otherwise).
async fn call(
    app: &TestApp,
    endpoint: &str,
    args: &str,
    cookie: Option<&str>,
    me: i64,
    site: Site,
) -> Response {
    let mut req = app.client.post(app.url(&format!("/api/{endpoint}")));
    req = match site {
        Site::Same => req
            .header("origin", &app.origin)
            .header("sec-fetch-site", "same-origin"),
        Site::EvilOrigin => req.header("origin", "https://evil.example"),
        Site::CrossSiteFetch => req.header("sec-fetch-site", "cross-site"),
    };
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req = if let Some(rest) = args.strip_prefix("multipart:") {
        let (id_field, id) = match rest.split_once('=') {
            Some((f, v)) => (f.to_string(), v.to_string()),
            None => (rest.to_string(), "999999".to_string()),
        };
        let mut form = reqwest::multipart::Form::new();
        if !id_field.is_empty() {
            form = form.text(id_field, id);
        }
        // An acceptable upload (a PDF), so only the id decides the answer.
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.7\n%authz\n".to_vec())
            .file_name("a.pdf")
            .mime_str("application/pdf")
            .unwrap();
        req.multipart(form.part("file", part))
    } else {
        req.form(&pairs(args, me))
    };
    req.send().await.expect("request")
}

async fn call_route(app: &TestApp, method: &str, path: &str, cookie: Option<&str>) -> Response {
    let mut req = if method == "POST" {
        app.client
            .post(app.url(path))
            .header("origin", &app.origin)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/json")
            .body(r#"{"token":"x","reference":"r","amount":1,"signature":"s","entries":[]}"#)
    } else {
        app.client.get(app.url(path))
    };
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.expect("request")
}

/// What the answer to `who` should be, checked; a description of the problem if not.
fn judge(what: &str, access: Access, who: Who, status: u16, body: &str) -> Option<String> {
    let short: String = body.chars().take(120).collect();
    let problem =
        |expected: &str| Some(format!("{what} as {who:?}: {status} {short} ({expected})"));
    if status >= 500 {
        return problem("never a 5xx");
    }
    // A refusal for who the caller is: the server fns' JSON errors, or a bare status from the
    // Axum routes.
    let unauthenticated = status == 401 && (body.is_empty() || body == "\"Unauthenticated\"");
    let forbidden = status == 403;
    match access {
        Access::Public => {
            if unauthenticated || forbidden {
                return problem("public: nobody refused");
            }
        }
        Access::ApiKey => {
            if status != 401 {
                return problem("401 without an API key");
            }
        }
        Access::Roles(bits) => {
            if who == Who::Anonymous {
                if !unauthenticated {
                    return problem("anonymous: 401 sign in required");
                }
            } else if bits & who.bit() == 0 {
                if !(forbidden && (body.is_empty() || body == "\"Forbidden\"")) {
                    return problem("role without the permission: 403");
                }
            } else if status == 401 || status == 403 {
                return problem("allowed role: neither 401 nor 403");
            }
        }
    }
    None
}

#[tokio::test]
async fn every_endpoint_answers_every_role_as_the_matrix_says() {
    let app = seeded_app().await;
    let mut sessions = Vec::new();
    for who in EVERYONE {
        let (cookie, me) = match who.email() {
            Some(email) => (
                Some(app.login(email, PASSWORD).await.expect("demo sign-in")),
                user_id(&app, email).await,
            ),
            None => (None, 1),
        };
        sessions.push((who, cookie, me));
    }
    let mut problems = Vec::new();
    let mut cases = 0;
    let mut known = 0;
    for (endpoint, access, args) in SERVER_FNS {
        for (who, cookie, me) in sessions.iter_mut() {
            let res = call(&app, endpoint, args, cookie.as_deref(), *me, Site::Same).await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            cases += 1;
            if let Some(p) = judge(endpoint, *access, *who, status, &body) {
                if KNOWN_FAILURES.contains(&(*endpoint, *who)) {
                    known += 1;
                    eprintln!("known failure: {p}");
                } else {
                    problems.push(p);
                }
            }
            if *endpoint == "logout" {
                if let Some(email) = who.email() {
                    *cookie = Some(app.login(email, PASSWORD).await.expect("sign in again"));
                }
            }
        }
    }
    for (route, method, path, access) in ROUTES {
        for (who, cookie, _) in &sessions {
            let res = call_route(&app, method, path, cookie.as_deref()).await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            cases += 1;
            let what = format!("{method} {route}");
            if let Some(p) = judge(&what, *access, *who, status, &body) {
                if KNOWN_FAILURES.contains(&(*route, *who)) {
                    known += 1;
                    eprintln!("known failure: {p}");
                } else {
                    problems.push(p);
                }
            }
        }
    }
    eprintln!(
        "authorization matrix: {} server fns + {} routes × {} callers = {cases} cases ({known} known failures)",
        SERVER_FNS.len(),
        ROUTES.len(),
        EVERYONE.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {cases} cases wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------------------------ foreign ids

/// Customer-facing calls that take an object id: endpoint, arguments (`{id}` is the other
/// customer's object), and the SQL that finds such an object of a customer other than `new@`
/// (`?` is new@'s id).
const FOREIGN: &[(&str, &str, &str)] = &[
    (
        "billing/invoice",
        "id={id}",
        "SELECT id FROM invoices WHERE customer_id <> ? AND status <> 'draft' ORDER BY id",
    ),
    (
        "payments/start",
        "id={id}",
        "SELECT id FROM invoices WHERE customer_id <> ? AND status = 'issued' ORDER BY id",
    ),
    (
        "plans/get",
        "id={id}",
        "SELECT id FROM service_plans WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "plans/answer",
        "id={id}&decision=accept",
        "SELECT id FROM service_plans WHERE customer_id <> ? AND status = 'proposed' ORDER BY id",
    ),
    (
        "plans/withdraw",
        "id={id}",
        "SELECT id FROM service_plans WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "requests/get",
        "id={id}",
        "SELECT id FROM service_requests WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "requests/reply",
        "id={id}&body=hello",
        "SELECT id FROM service_requests WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "requests/attach",
        "multipart:request_id={id}",
        "SELECT id FROM service_requests WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "quality/feedback/item",
        "kind=request&id={id}",
        "SELECT id FROM service_requests WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "quality/feedback/rate",
        "kind=request&id={id}&rating=5",
        "SELECT id FROM service_requests WHERE customer_id <> ? AND status IN ('resolved', 'closed') ORDER BY id",
    ),
    (
        "complaints/get",
        "id={id}",
        "SELECT id FROM complaints WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "complaints/answer",
        "id={id}&answer=accept&comment=",
        "SELECT id FROM complaints WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "breaches/my",
        "id={id}",
        "SELECT id FROM breach_cases WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "disputes/my",
        "id={id}",
        "SELECT id FROM disputes WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "agreement/get",
        "id={id}",
        "SELECT id FROM agreements WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "agreement/sign",
        "id={id}&signed_name=Someone&consent=on",
        "SELECT id FROM agreements WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "membership/terminate",
        "id={id}&reason=mine now",
        "SELECT id FROM memberships WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "amendment/propose",
        "membership_id={id}&kind=terms&description=more&signed_name=Someone",
        "SELECT id FROM memberships WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "amendment/decide",
        "id={id}&accept=true&signed_name=Someone",
        "SELECT id FROM amendments WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "application/submit",
        "application_id={id}&template_id=1&accept=on",
        "SELECT id FROM applications WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "application/withdraw",
        "application_id={id}",
        "SELECT id FROM applications WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "application/material",
        "multipart:application_id={id}",
        "SELECT id FROM applications WHERE customer_id <> ? ORDER BY id",
    ),
    (
        "notifications/read",
        "id={id}",
        "SELECT id FROM notifications WHERE user_id <> ? AND read_at IS NULL ORDER BY id",
    ),
    (
        "/files/{id}",
        "",
        "SELECT id FROM files WHERE owner_id <> ? ORDER BY id",
    ),
    (
        "/agreements/{id}/signed-copy",
        "",
        "SELECT id FROM agreements WHERE customer_id <> ? ORDER BY id",
    ),
];

async fn denied_count(app: &TestApp, actor: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_id = ?",
    )
    .bind(actor)
    .fetch_one(app.db.reader())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_customer_asking_for_another_customer_s_objects_gets_404_and_is_audited() {
    let app = seeded_app().await;
    let email = "new@example.com";
    let me = user_id(&app, email).await;
    let cookie = app.login(email, PASSWORD).await.unwrap();
    // vip@ attaches a file to one of their requests (the demo data has no uploads).
    let vip = user_id(&app, "vip@example.com").await;
    let vip_cookie = app.login("vip@example.com", PASSWORD).await.unwrap();
    let request: i64 = sqlx::query_scalar(
        "SELECT id FROM service_requests WHERE customer_id = ? AND status <> 'closed' ORDER BY id",
    )
    .bind(vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    let res = call(
        &app,
        "requests/attach",
        &format!("multipart:request_id={request}"),
        Some(&vip_cookie),
        vip,
        Site::Same,
    )
    .await;
    assert!(res.status().is_success(), "vip@ uploads: {}", res.status());
    // …and proposes an amendment of their membership (the demo data has none).
    let membership: i64 = sqlx::query_scalar(
        "SELECT id FROM memberships WHERE customer_id = ? AND status = 'active' ORDER BY id",
    )
    .bind(vip)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    let res = call(
        &app,
        "amendment/propose",
        &format!("membership_id={membership}&kind=terms&description=More hours&signed_name=王贵宾"),
        Some(&vip_cookie),
        vip,
        Site::Same,
    )
    .await;
    let status = res.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "vip@ proposes: {status} {}",
        res.text().await.unwrap_or_default()
    );
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    let mut unseeded = Vec::new();
    for (endpoint, args, sql) in FOREIGN {
        let id: Option<i64> = sqlx::query_scalar(sql)
            .bind(me)
            .fetch_optional(app.db.reader())
            .await
            .unwrap();
        let Some(id) = id else {
            unseeded.push(*endpoint);
            continue;
        };
        let before = denied_count(&app, me).await;
        let res = if endpoint.starts_with('/') {
            app.get(&endpoint.replace("{id}", &id.to_string()), Some(&cookie))
                .await
        } else {
            let args = args.replace("{id}", &id.to_string());
            call(&app, endpoint, &args, Some(&cookie), me, Site::Same).await
        };
        let status = res.status().as_u16();
        let body = res.text().await.unwrap_or_default();
        let after = denied_count(&app, me).await;
        checked.push(*endpoint);
        let short: String = body.chars().take(120).collect();
        if status != 404 {
            problems.push(format!(
                "{endpoint} id {id}: {status} {short} (expected 404)"
            ));
        }
        if after <= before {
            problems.push(format!(
                "{endpoint} id {id}: no access.denied audit entry for the attempt"
            ));
        }
    }
    eprintln!(
        "foreign ids: {} calls checked, no object in the demo data for {:?}",
        checked.len(),
        unseeded
    );
    assert!(
        checked.len() >= 15,
        "too few objects found: checked {checked:?}, unseeded {unseeded:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ------------------------------------------------------------------------------------ CSRF

async fn count(app: &TestApp, sql: &str, bind: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

async fn fingerprint(app: &TestApp, admin: i64) -> [i64; 4] {
    [
        // Every service writes its audit entry in the same transaction as its change.
        count(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE actor_id = ?",
            admin,
        )
        .await,
        count(
            app,
            "SELECT COUNT(*) FROM sessions WHERE user_id = ?",
            admin,
        )
        .await,
        count(
            app,
            "SELECT COUNT(*) + 0 * ? FROM users WHERE active = 1",
            admin,
        )
        .await,
        count(app, "SELECT COUNT(*) + 0 * ? FROM api_keys", admin).await,
    ]
}

#[tokio::test]
async fn cross_site_calls_of_a_signed_in_admin_are_refused_and_change_nothing() {
    let app = seeded_app().await;
    let admin_id = user_id(&app, "admin@example.com").await;
    let admin = app.login("admin@example.com", PASSWORD).await.unwrap();
    let reviewer = user_id(&app, "reviewer@example.com").await;
    let before = fingerprint(&app, admin_id).await;
    // Calls that would change something if they got through, then every server function.
    let deactivate = format!("id={reviewer}&active=false");
    let mut calls: Vec<(&str, String)> = vec![
        ("staff/active", deactivate),
        ("api-keys/create", "name=evil".to_string()),
        ("logout", String::new()),
        (
            "staff/create",
            format!("name=Evil&email=evil@example.com&password={PASSWORD}&role_admin=on"),
        ),
    ];
    calls.extend(SERVER_FNS.iter().map(|(e, _, args)| (*e, args.to_string())));
    let mut problems = Vec::new();
    let mut cases = 0;
    for (endpoint, args) in &calls {
        for site in [Site::EvilOrigin, Site::CrossSiteFetch] {
            let res = call(&app, endpoint, args, Some(&admin), admin_id, site).await;
            cases += 1;
            if res.status() != 403 {
                problems.push(format!("{endpoint}: {} (expected 403)", res.status()));
            }
        }
    }
    let after = fingerprint(&app, admin_id).await;
    assert_eq!(before, after, "a refused cross-site call changed something");
    // The admin is still signed in, the reviewer still active, nobody named evil.
    assert_eq!(app.get("/admin/staff", Some(&admin)).await.status(), 200);
    app.login("reviewer@example.com", PASSWORD)
        .await
        .expect("reviewer still active");
    let evil: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'evil@example.com'")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
    assert_eq!(evil, 0);
    eprintln!("cross-site: {cases} refused calls");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Text that must never reach a browser: SQL, the database driver, panics, source paths.
const INTERNALS: &[&str] = &[
    "sqlx",
    "sqlite",
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "panicked",
    "/work/",
    "/root/",
    ".rs:",
    "constraint",
];

/// Writes that a refused call must not make: every audited action except refusals and reads.
async fn writes(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action <> 'access.denied' AND action NOT LIKE '%.viewed'",
    )
    .fetch_one(app.db.reader())
    .await
    .unwrap()
}

/// Bad input (issue 9): every server function with arguments gets malformed ones — none at all,
/// values that cannot decode (injection text, a path with a NUL, numbers out of range, 20 KB
/// strings), raw bytes and a JSON body — as a customer and as an admin. No answer is a 5xx or
/// shows internals; a call refused as malformed (400/422) writes nothing.
#[tokio::test]
#[ignore = "heavy: run alone, after the parallel suite, by scripts/test.sh"]
async fn malformed_arguments_to_every_server_function_never_fail_or_leak() {
    let app = seeded_app().await;
    let mut callers = Vec::new();
    for who in [Who::Customer, Who::Admin] {
        let email = who.email().unwrap();
        callers.push((
            who,
            app.login(email, PASSWORD).await.unwrap(),
            user_id(&app, email).await,
        ));
    }
    let long = "长".repeat(20_000 / 3);
    let values = [
        "x' OR 1=1; DROP TABLE users; --",
        "../../../../etc/passwd\u{0}",
        "99999999999999999999999999",
        long.as_str(),
    ];
    let mut problems = Vec::new();
    let mut cases = 0;
    let mut refused = 0;
    for (endpoint, _, args) in SERVER_FNS {
        if args.is_empty() {
            continue; // nothing to decode: any body is a valid call (e.g. logout)
        }
        for (who, cookie, me) in &callers {
            let mut bodies: Vec<(String, &str)> =
                vec![(String::new(), "application/x-www-form-urlencoded")];
            if !args.starts_with("multipart:") {
                for v in values {
                    let form: Vec<(String, String)> = pairs(args, *me)
                        .into_iter()
                        .map(|(k, _)| (k, v.to_string()))
                        .collect();
                    bodies.push((
                        serde_urlencoded::to_string(&form).unwrap(),
                        "application/x-www-form-urlencoded",
                    ));
                }
            }
            bodies.push((
                "\u{1}\u{2}%%%=&&=%ZZ\u{7f}".to_string(),
                "application/x-www-form-urlencoded",
            ));
            bodies.push((r#"{"id":{"nested":[1,2]}}"#.to_string(), "application/json"));
            for (body, content_type) in bodies {
                let before = writes(&app).await;
                let res = app
                    .client
                    .post(app.url(&format!("/api/{endpoint}")))
                    .header("origin", &app.origin)
                    .header("sec-fetch-site", "same-origin")
                    .header("cookie", cookie)
                    .header("content-type", content_type)
                    .body(body.clone())
                    .send()
                    .await
                    .expect("request");
                let status = res.status().as_u16();
                let text = res.text().await.unwrap_or_default();
                cases += 1;
                let short: String = body.chars().take(40).collect();
                if status >= 500 {
                    problems.push(format!("{endpoint} as {who:?} ({short}): {status} {text}"));
                }
                let lower = text.to_lowercase();
                if let Some(leak) = INTERNALS.iter().find(|i| lower.contains(&i.to_lowercase())) {
                    problems.push(format!("{endpoint} as {who:?} ({short}): shows {leak:?}"));
                }
                if status == 400 || status == 422 {
                    refused += 1;
                    if writes(&app).await != before {
                        problems.push(format!(
                            "{endpoint} as {who:?} ({short}): refused but wrote"
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "bad input: {cases} malformed calls, {refused} refused as malformed, {} problems",
        problems.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        refused > cases / 4,
        "most malformed calls are refused as such: {refused} of {cases}"
    );
}
