//! A customer exports all their data (clause 10; issue 9): the same reads the portal makes,
//! gathered into one [`CustomerData`] plus the documents that go beside it (their signed
//! copies, their invoices, their files). The export is recorded in the audit log.
//!
//! Every read goes through the customer-facing service with `Reader::Customer`, so the export
//! can never hold what the portal hides (internal notes, draft invoices, another customer's
//! objects).

use super::audit::{self, Event};
use super::membership::Reader;
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::InvoiceStatus;
use crate::export::{
    agreement_path, file_path, generated_label, invoice_html, invoice_path, CustomerData,
    ExportedDocument, ExportedFile, Profile, FORMAT,
};
use crate::i18n::Lang;
use crate::signed_copy::{file_name, signed_copy_html, Holder};
use crate::store::{self, Db, StoreError};

/// Notifications kept in an export: all of them, in practice.
const NOTIFICATIONS: i64 = 100_000;

/// The export: `data.json`'s content and the other entries of the archive (path, bytes).
pub struct Export {
    pub data: CustomerData,
    pub entries: Vec<(String, Vec<u8>)>,
}

/// Whether a read of the customer's own object failed only because the portal hides it.
fn hidden<T>(r: ServiceResult<T>) -> ServiceResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(ServiceError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Everything customer `customer_id` may see, for `actor` (that customer, signed in).
pub async fn export_customer(
    db: &Db,
    actor: &Actor,
    customer_id: i64,
    now: i64,
) -> ServiceResult<Export> {
    let user = store::users::get(db.reader(), customer_id)
        .await?
        .filter(|u| u.kind == "customer")
        .ok_or(ServiceError::NotFound)?;
    let me = Reader::Customer(customer_id);
    let today = crate::ledger::shanghai_date(now);
    let lang = user
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_default();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut documents = Vec::new();

    let membership = super::membership::my_membership(db, customer_id).await?;
    let mut agreements = Vec::new();
    for summary in &membership.agreements {
        let Some(a) =
            hidden(super::membership::agreement_for(db, actor, me, summary.id, now).await)?
        else {
            continue;
        };
        if let Some(html) = signed_copy_html(&a, Holder::PartyB) {
            let path = agreement_path(&file_name(&a, Holder::PartyB));
            documents.push(ExportedDocument {
                kind: "signed_agreement",
                id: a.id,
                path: path.clone(),
            });
            entries.push((path, html.into_bytes()));
        }
        agreements.push(a);
    }

    let billing = super::invoices::my_billing(db, customer_id, today).await?;
    let mut invoices = Vec::new();
    for s in billing
        .invoices
        .iter()
        .filter(|s| s.status != InvoiceStatus::Draft)
    {
        let Some(inv) = hidden(super::invoices::view(db, actor, me, s.id, now).await)? else {
            continue;
        };
        let path = invoice_path(&inv);
        documents.push(ExportedDocument {
            kind: "invoice",
            id: inv.id,
            path: path.clone(),
        });
        entries.push((path, invoice_html(&inv).into_bytes()));
        invoices.push(inv);
    }

    let mut plans = Vec::new();
    for p in super::plans::mine(db, customer_id).await? {
        if let Some(v) = hidden(super::plans::view(db, actor, me, p.id, today, now).await)? {
            plans.push(v);
        }
    }
    let mut requests = Vec::new();
    for r in super::desk::mine(db, customer_id).await? {
        if let Some(v) = hidden(super::desk::view(db, actor, me, r.id, now).await)? {
            requests.push(v);
        }
    }
    let mut complaints = Vec::new();
    for c in super::complaints::mine(db, customer_id, now).await? {
        if let Some(v) = hidden(super::complaints::view(db, actor, me, c.id, now).await)? {
            complaints.push(v);
        }
    }
    let mut disputes = Vec::new();
    for d in super::disputes::mine(db, customer_id).await? {
        if let Some(v) = hidden(super::disputes::view(db, actor, me, d.id, now).await)? {
            disputes.push(v);
        }
    }
    let mut access_log = Vec::new();
    let mut before = None;
    loop {
        let page = super::audit::access_log_of(db, customer_id, before).await?;
        access_log.extend(page.entries);
        match page.next {
            Some(n) => before = Some(n),
            None => break,
        }
    }

    let mut files = Vec::new();
    for info in store::membership::files_of_owner(db.reader(), customer_id).await? {
        let (info, bytes) = super::membership::file_for(db, actor, me, info.id, now).await?;
        let path = file_path(info.id, &info.name);
        entries.push((path.clone(), bytes));
        files.push(ExportedFile {
            id: info.id,
            name: info.name,
            mime: info.mime,
            size: info.size,
            sha256: info.sha256,
            uploaded_at_ms: info.created_at,
            path,
        });
    }

    let data = CustomerData {
        format: FORMAT,
        generated_at_ms: now,
        generated_at_shanghai: generated_label(now),
        profile: Profile {
            id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            phone: user.phone.clone(),
            language: user.lang.clone(),
            registered_at_ms: user.created_at,
        },
        progress: super::customers::progress(db, customer_id, today, None).await?,
        membership,
        agreements,
        billing,
        invoices,
        plans,
        requests,
        complaints,
        compensation: super::compensation::grants_of(db, customer_id).await?,
        disputes,
        breach_cases: super::breach::mine(db, customer_id).await?,
        feedback: super::feedback::mine(db, customer_id, now).await?,
        notifications: super::notifications::newest(db, customer_id, lang, NOTIFICATIONS).await?,
        access_log,
        documents,
        files,
    };

    let mut tx = db.begin_write().await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("customer.exported", "user")
            .object(customer_id)
            .subject(customer_id)
            .after(serde_json::json!({
                "format": FORMAT,
                "agreements": data.agreements.len(),
                "invoices": data.invoices.len(),
                "requests": data.requests.len(),
                "complaints": data.complaints.len(),
                "files": data.files.len(),
            })),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Export { data, entries })
}
