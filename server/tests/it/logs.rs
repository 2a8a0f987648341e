//! Confidentiality (clause 10, issue 9): the server's log holds no password, session token,
//! e-mail address, name or phone number — checked on the real binary at a verbose level
//! (debug for VIP Care's own crates and sqlx) while people register, sign in (rightly and
//! wrongly), search for a customer and use the portal.

use std::process::Command;

const ADMIN_EMAIL: &str = "log-admin@example.com";
const ADMIN_PASSWORD: &str = "secret-admin-pass-987";
const CUSTOMER_EMAIL: &str = "log-customer@example.com";
const CUSTOMER_NAME: &str = "王日志";
const CUSTOMER_PHONE: &str = "13912345678";
const CUSTOMER_PASSWORD: &str = "secret-customer-pass-654";
const WRONG_PASSWORD: &str = "secret-wrong-pass-321";

#[tokio::test]
async fn clause_10_logs_hold_no_password_token_or_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("logs.db");
    let log = dir.path().join("server.log");
    let bin = env!("CARGO_BIN_EXE_vipcare");
    let out = Command::new(bin)
        .args([
            "create-admin",
            "--email",
            ADMIN_EMAIL,
            "--name",
            "Admin Logperson",
        ])
        .env("VIPCARE_DATABASE", &db)
        .env("VIPCARE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let _server = crate::common::start_binary(
        &db,
        &dir.path().join("site"),
        "info,vipcare=debug,vipcare_server=debug,vipcare_app=debug,sqlx=debug",
        std::fs::File::create(&log).unwrap().into(),
    );
    let origin = _server.origin.clone();

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |path: &str, form: Vec<(&'static str, String)>, cookie: Option<String>| {
        let mut req = client
            .post(format!("{origin}{path}"))
            .header("origin", &origin)
            .form(&form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let cookie_of = |res: &reqwest::Response| {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.contains("sid=") && !c.contains("Max-Age=0"))
            .map(|c| c.split(';').next().unwrap().to_string())
    };

    let res = post(
        "/api/register",
        vec![
            ("name", CUSTOMER_NAME.into()),
            ("email", CUSTOMER_EMAIL.into()),
            ("phone", CUSTOMER_PHONE.into()),
            ("password", CUSTOMER_PASSWORD.into()),
        ],
        None,
    )
    .await
    .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let res = post(
        "/api/login",
        vec![
            ("email", CUSTOMER_EMAIL.into()),
            ("password", WRONG_PASSWORD.into()),
        ],
        None,
    )
    .await
    .unwrap();
    assert!(res.status().is_client_error());
    let res = post(
        "/api/login",
        vec![
            ("email", CUSTOMER_EMAIL.into()),
            ("password", CUSTOMER_PASSWORD.into()),
        ],
        None,
    )
    .await
    .unwrap();
    let customer = cookie_of(&res).expect("the customer is signed in");
    let res = post(
        "/api/login",
        vec![
            ("email", ADMIN_EMAIL.into()),
            ("password", ADMIN_PASSWORD.into()),
        ],
        None,
    )
    .await
    .unwrap();
    let admin = cookie_of(&res).expect("the admin is signed in");
    for (path, cookie) in [
        ("/portal", &customer),
        ("/portal/requests/999999", &customer),
        (
            &*format!("/admin/customers?q={}", CUSTOMER_EMAIL.replace('@', "%40")),
            &admin,
        ),
    ] {
        client
            .get(format!("{origin}{path}"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
    }
    // One request that fails on purpose: a server function with bad arguments.
    post(
        "/api/desk/open",
        vec![("nonsense", "x".into())],
        Some(customer.clone()),
    )
    .await
    .unwrap();

    drop(_server);
    let text = std::fs::read_to_string(&log).unwrap();
    // The log is real: the start and the requests (with their ids) are in it.
    assert!(text.contains("VIP Care listening"), "{text}");
    assert!(text.contains("request{id="), "no request spans in\n{text}");
    let token = |c: &str| c.split_once('=').unwrap().1.to_string();
    for secret in [
        ADMIN_PASSWORD.to_string(),
        CUSTOMER_PASSWORD.to_string(),
        WRONG_PASSWORD.to_string(),
        token(&customer),
        token(&admin),
        CUSTOMER_EMAIL.to_string(),
        ADMIN_EMAIL.to_string(),
        "log-customer%40".to_string(),
        CUSTOMER_NAME.to_string(),
        CUSTOMER_PHONE.to_string(),
        "Logperson".to_string(),
    ] {
        assert!(!text.contains(&secret), "the log holds {secret}:\n{text}");
    }
}
