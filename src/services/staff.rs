//! Staff accounts: created only by an admin, roles assigned and changed by an admin,
//! deactivated rather than deleted (their audit history stays attributable).

use super::audit::{self, Event};
use super::{insert_account, password, Actor, ServiceError, ServiceResult};
use crate::auth::Role;
pub use crate::auth::StaffMember;
use crate::i18n::Msg;
use crate::store::{self, Db, StoreError};
use crate::validate::{Email, NewPassword, PersonName};

fn staff_roles(roles: &[Role]) -> ServiceResult<Vec<Role>> {
    let mut r: Vec<Role> = roles.iter().copied().filter(|r| r.is_staff()).collect();
    r.sort();
    r.dedup();
    if r.is_empty()
        || r.len()
            != roles
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
    {
        return Err(ServiceError::Invalid {
            field: "roles",
            msg: Msg::ErrRolesRequired,
        });
    }
    Ok(r)
}

fn role_names(roles: &[Role]) -> serde_json::Value {
    serde_json::json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>())
}

pub async fn list(db: &Db) -> ServiceResult<Vec<StaffMember>> {
    Ok(store::users::list_staff(db.reader())
        .await?
        .into_iter()
        .map(|s| StaffMember {
            id: s.id,
            email: s.email,
            name: s.name,
            active: s.active,
            roles: s.roles,
            second_factor: s.second_factor,
        })
        .collect())
}

/// Input of the "new staff account" form.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub password: String,
    pub roles: Vec<Role>,
}

pub async fn create(db: &Db, actor: &Actor, input: NewStaff, now: i64) -> ServiceResult<i64> {
    let name = PersonName::parse(&input.name).map_err(ServiceError::invalid("name"))?;
    let email = Email::parse(&input.email).map_err(ServiceError::invalid("email"))?;
    let pw = NewPassword::parse(&input.password).map_err(ServiceError::invalid("password"))?;
    let roles = staff_roles(&input.roles)?;
    let hash = password::hash(pw.expose().to_string()).await?;
    let mut tx = db.begin_write().await?;
    let id = insert_account(
        &mut tx,
        &store::users::NewUser {
            email: email.as_str(),
            email_norm: &email.normalized(),
            name: name.as_str(),
            phone: None,
            password_hash: &hash,
            kind: "staff",
            now,
        },
    )
    .await?;
    store::users::set_roles(&mut tx, id, &roles, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("staff.created", "user")
            .object(id)
            .subject(id)
            .after(serde_json::json!({"roles": role_names(&roles)}))
            .personal("email", email.as_str())
            .personal("name", name.as_str()),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(id)
}

async fn load_staff(tx: &mut store::WriteTx, id: i64) -> ServiceResult<store::users::UserRow> {
    store::users::get_tx(tx, id)
        .await?
        .filter(|u| u.kind == "staff")
        .ok_or(ServiceError::NotFound)
}

/// Replaces a staff member's roles. An admin cannot remove their own admin role, and the
/// last active admin cannot lose it.
pub async fn set_roles(
    db: &Db,
    actor: &Actor,
    id: i64,
    roles: &[Role],
    now: i64,
) -> ServiceResult<()> {
    let roles = staff_roles(roles)?;
    let mut tx = db.begin_write().await?;
    load_staff(&mut tx, id).await?;
    let before = store::users::roles_tx(&mut tx, id).await?;
    let loses_admin = before.contains(&Role::Admin) && !roles.contains(&Role::Admin);
    if loses_admin
        && (actor.user_id == Some(id)
            || store::users::count_active_with_role(&mut tx, Role::Admin, id).await? == 0)
    {
        return Err(ServiceError::Conflict(Msg::ErrCannotChangeSelf));
    }
    store::users::set_roles(&mut tx, id, &roles, now).await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("staff.roles_changed", "user")
            .object(id)
            .subject(id)
            .before(role_names(&before))
            .after(role_names(&roles)),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Deactivates (ending all sessions) or reactivates a staff member.
pub async fn set_active(
    db: &Db,
    actor: &Actor,
    id: i64,
    active: bool,
    now: i64,
) -> ServiceResult<()> {
    if actor.user_id == Some(id) && !active {
        return Err(ServiceError::Conflict(Msg::ErrCannotChangeSelf));
    }
    let mut tx = db.begin_write().await?;
    let user = load_staff(&mut tx, id).await?;
    if user.active == active {
        return Ok(());
    }
    store::users::set_active(&mut tx, id, active, now).await?;
    if !active {
        store::sessions::delete_for_user(&mut tx, id, None).await?;
    }
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new(
            if active {
                "staff.reactivated"
            } else {
                "staff.deactivated"
            },
            "user",
        )
        .object(id)
        .subject(id)
        .before(serde_json::json!({"active": user.active}))
        .after(serde_json::json!({"active": active})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Creates a staff account, or resets an existing one's password, reactivates it and adds
/// any missing roles (`vipcare create-admin`, `vipcare seed-demo`). Idempotent.
pub async fn ensure(
    db: &Db,
    email: &str,
    name: &str,
    roles: &[Role],
    password_input: &str,
    now: i64,
) -> ServiceResult<i64> {
    let email = Email::parse(email).map_err(ServiceError::invalid("email"))?;
    let pw = NewPassword::parse(password_input).map_err(ServiceError::invalid("password"))?;
    let wanted = staff_roles(roles)?;
    let actor = Actor {
        user_id: None,
        ip: Some("cli".into()),
    };
    match store::users::find_by_email(db.reader(), &email.normalized()).await? {
        None => {
            let input = NewStaff {
                email: email.as_str().into(),
                name: name.into(),
                password: pw.expose().into(),
                roles: wanted,
            };
            create(db, &actor, input, now).await
        }
        Some(u) if u.kind == "staff" => {
            let hash = password::hash(pw.expose().to_string()).await?;
            let mut tx = db.begin_write().await?;
            store::users::set_password_hash(&mut tx, u.id, &hash, now).await?;
            store::users::set_active(&mut tx, u.id, true, now).await?;
            let mut have = store::users::roles_tx(&mut tx, u.id).await?;
            let before = role_names(&have);
            for r in wanted {
                if !have.contains(&r) {
                    have.push(r);
                }
            }
            have.sort();
            store::users::set_roles(&mut tx, u.id, &have, now).await?;
            audit::record(
                &mut tx,
                &actor,
                now,
                Event::new("staff.reset_from_cli", "user")
                    .object(u.id)
                    .subject(u.id)
                    .before(before)
                    .after(role_names(&have)),
            )
            .await?;
            tx.commit().await.map_err(StoreError::from)?;
            Ok(u.id)
        }
        Some(_) => Err(ServiceError::email_taken()),
    }
}
