//! `vipcare seed-demo`: demo accounts so every page has something real to show.
//! Idempotent: running it again resets the demo passwords and changes nothing else.

use vipcare::services::{auth, staff, ServiceResult};
use vipcare::store::{now_ms, Db};
use vipcare::Role;

/// (email, name, roles) of the demo staff.
pub const DEMO_STAFF: &[(&str, &str, &[Role])] = &[
    ("admin@example.com", "管理员 Admin", &[Role::Admin]),
    ("reviewer@example.com", "审核员 Reviewer", &[Role::Reviewer]),
    ("agent@example.com", "客服 Agent", &[Role::Agent]),
    ("quality@example.com", "质检 Quality", &[Role::Quality]),
    ("finance@example.com", "财务 Finance", &[Role::Finance]),
];

/// (email, name, phone) of the demo customers.
pub const DEMO_CUSTOMERS: &[(&str, &str, &str)] = &[
    ("vip@example.com", "王贵宾", "+86 138 0000 0001"),
    ("near@example.com", "李将近", "+86 138 0000 0002"),
    ("new@example.com", "张新客", "+86 138 0000 0003"),
];

/// Seeds the demo accounts with `password`; returns (email, role names) for printing.
pub async fn seed_demo(db: &Db, password: &str) -> ServiceResult<Vec<(String, String)>> {
    let now = now_ms();
    let mut out = Vec::new();
    for (email, name, roles) in DEMO_STAFF {
        staff::ensure(db, email, name, roles, password, now).await?;
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        out.push((email.to_string(), names.join(",")));
    }
    for (email, name, phone) in DEMO_CUSTOMERS {
        auth::ensure_customer(db, email, name, phone, password, now).await?;
        out.push((email.to_string(), "customer".into()));
    }
    Ok(out)
}

/// A random demo password: 16 characters from an alphabet without look-alikes.
pub fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
