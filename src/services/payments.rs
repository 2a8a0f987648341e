//! Online payment (clause 6.2), kept pluggable behind [`PaymentProvider`]. The customer starts a
//! checkout for an invoice's balance and is sent to the provider; the provider confirms with a
//! signed callback (`POST /payments/{provider}/callback`), which records the payment once however
//! often it is delivered (the checkout's token and the `(provider, reference)` unique index).
//!
//! [`TestProvider`] is the only provider shipped: its "hosted page" is `/pay/test/{token}` in
//! this app, it moves no money, and it signs its confirmations with HMAC-SHA256 exactly as a
//! real gateway would, so the whole path is exercised. A real gateway implements the trait.

use super::audit::{self, Event};
use super::invoices::{record_payment_in, stored_status, totals_of};
use super::membership::deny;
use super::{Actor, ServiceError, ServiceResult};
use crate::billing::PaymentMethod;
use crate::i18n::Msg;
use crate::invoice::{CheckoutInfo, NewPayment, PaymentOutcome};
use crate::store::billing as bs;
use crate::store::{Db, StoreError};
use crate::Fen;
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::sync::Arc;

/// A provider's confirmation as delivered to the callback endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    /// Our checkout token, echoed back.
    pub token: String,
    /// The provider's own transaction reference.
    pub reference: String,
    /// What was paid, in fen.
    pub amount: i64,
    /// Proof that the provider sent it.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the signature does not match")]
    BadSignature,
}

/// An online payment gateway.
pub trait PaymentProvider: Send + Sync {
    /// Stable name, stored with each payment (`payments.provider`).
    fn name(&self) -> &'static str;
    /// Where to send the customer to pay the checkout `token` of `amount`.
    fn checkout_url(&self, token: &str, amount: Fen) -> String;
    /// Checks that a callback really comes from the provider.
    fn verify(&self, callback: &Callback) -> Result<(), ProviderError>;
}

/// The test gateway: hosted in this app, signs with a shared secret, moves no money.
pub struct TestProvider {
    secret: Vec<u8>,
}

impl TestProvider {
    pub const NAME: &'static str = "test";

    pub fn new(secret: &[u8]) -> TestProvider {
        TestProvider {
            secret: secret.to_vec(),
        }
    }

    fn mac(&self, token: &str, reference: &str, amount: i64) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(format!("{token}\n{reference}\n{amount}").as_bytes());
        mac
    }

    /// The signature the gateway puts on a confirmation.
    pub fn sign(&self, token: &str, reference: &str, amount: i64) -> String {
        hex::encode(self.mac(token, reference, amount).finalize().into_bytes())
    }

    /// What the gateway sends when the customer pays the whole checkout.
    pub fn confirmation(&self, token: &str, amount: Fen) -> Callback {
        let mut bytes = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let reference = format!("TEST-{}", hex::encode(bytes).to_uppercase());
        Callback {
            signature: self.sign(token, &reference, amount.0),
            token: token.to_string(),
            reference,
            amount: amount.0,
        }
    }
}

impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        TestProvider::NAME
    }

    fn checkout_url(&self, token: &str, _amount: Fen) -> String {
        format!("/pay/test/{token}")
    }

    fn verify(&self, c: &Callback) -> Result<(), ProviderError> {
        let sig = hex::decode(&c.signature).map_err(|_| ProviderError::BadSignature)?;
        self.mac(&c.token, &c.reference, c.amount)
            .verify_slice(&sig)
            .map_err(|_| ProviderError::BadSignature)
    }
}

/// The providers this installation offers (none: online payment is off).
#[derive(Clone, Default)]
pub struct Gateways {
    pub test: Option<Arc<TestProvider>>,
}

impl Gateways {
    /// The provider customers are offered, if any.
    pub fn default_provider(&self) -> Option<Arc<dyn PaymentProvider>> {
        self.test.clone().map(|p| p as Arc<dyn PaymentProvider>)
    }

    pub fn by_name(&self, name: &str) -> Option<Arc<dyn PaymentProvider>> {
        match name {
            TestProvider::NAME => self.default_provider(),
            _ => None,
        }
    }
}

impl std::fmt::Debug for Gateways {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateways")
            .field("test", &self.test.is_some())
            .finish()
    }
}

fn new_token() -> String {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The customer starts paying an invoice's balance online; returns where to send them.
pub async fn start_checkout(
    db: &Db,
    provider: &dyn PaymentProvider,
    actor: &Actor,
    customer_id: i64,
    invoice_id: i64,
    now: i64,
) -> ServiceResult<String> {
    let row = bs::invoice(db.reader(), invoice_id).await?;
    let Some(row) = row.filter(|r| r.customer_id == customer_id) else {
        return Err(deny(db, actor, "invoice", invoice_id, now).await);
    };
    let balance = totals_of(&row).balance;
    if !stored_status(&row)?.may_take_payment() || balance <= Fen::ZERO {
        return Err(ServiceError::Conflict(Msg::ErrInvoiceState));
    }
    let token = new_token();
    let mut tx = db.begin_write().await?;
    bs::insert_checkout(
        &mut tx,
        invoice_id,
        customer_id,
        provider.name(),
        &token,
        balance,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        actor,
        now,
        Event::new("payment.checkout_started", "invoice")
            .object(invoice_id)
            .subject(customer_id)
            .after(serde_json::json!({"provider": provider.name(), "amount": balance.0})),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(provider.checkout_url(&token, balance))
}

/// The checkout behind a token (the token is the secret: 192 random bits).
pub async fn checkout(db: &Db, token: &str) -> ServiceResult<CheckoutInfo> {
    let c = bs::checkout(db.reader(), token)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(CheckoutInfo {
        token: c.token,
        invoice_id: c.invoice_id,
        invoice_number: c.invoice_number.unwrap_or_default(),
        amount: Fen(c.amount),
        status: c.status,
        company: super::membership::company_name(db).await?,
    })
}

/// The customer gives up at the provider; the checkout is closed (a later confirmation would
/// still be recorded: money that moved is never ignored).
pub async fn cancel(db: &Db, token: &str, now: i64) -> ServiceResult<i64> {
    let c = bs::checkout(db.reader(), token)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut tx = db.begin_write().await?;
    bs::close_checkout(&mut tx, c.id, "cancelled", None, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(c.invoice_id)
}

/// Records a provider's confirmation, once: a repeat returns the payment already recorded.
/// The amount is what the provider says was paid; anything beyond the balance becomes credit.
pub async fn confirm(
    db: &Db,
    provider: &dyn PaymentProvider,
    callback: &Callback,
    today: NaiveDate,
    now: i64,
) -> ServiceResult<(i64, Option<PaymentOutcome>)> {
    provider
        .verify(callback)
        .map_err(|_| ServiceError::Forbidden(Msg::ErrPaymentSignature))?;
    if callback.amount <= 0 || callback.reference.trim().is_empty() {
        return Err(ServiceError::Invalid {
            field: "amount",
            msg: Msg::ErrAmount,
        });
    }
    let mut tx = db.begin_write().await?;
    let c = bs::checkout_tx(&mut tx, &callback.token)
        .await?
        .filter(|c| c.provider == provider.name())
        .ok_or(ServiceError::NotFound)?;
    if bs::payment_by_reference(&mut tx, provider.name(), &callback.reference)
        .await?
        .is_some()
    {
        // A repeated delivery: nothing new happens.
        return Ok((c.invoice_id, None));
    }
    // The customer is the actor: they paid, through the provider.
    let actor = Actor {
        user_id: Some(c.customer_id),
        ip: None,
    };
    let outcome = record_payment_in(
        &mut tx,
        &actor,
        c.invoice_id,
        &NewPayment {
            method: PaymentMethod::Online,
            reference: callback.reference.clone(),
            amount: Fen(callback.amount),
            received_on: today,
        },
        Some(provider.name()),
        now,
    )
    .await?;
    bs::close_checkout(&mut tx, c.id, "paid", Some(outcome.payment_id), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok((c.invoice_id, Some(outcome)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_6_2_test_provider_signatures_verify_and_tampering_fails() {
        let p = TestProvider::new(b"secret");
        let c = p.confirmation("tok", Fen(63_600));
        assert!(p.verify(&c).is_ok());
        for tampered in [
            Callback {
                amount: c.amount + 1,
                ..c.clone()
            },
            Callback {
                token: "other".into(),
                ..c.clone()
            },
            Callback {
                reference: "TEST-0".into(),
                ..c.clone()
            },
            Callback {
                signature: "zz".into(),
                ..c.clone()
            },
        ] {
            assert_eq!(p.verify(&tampered), Err(ProviderError::BadSignature));
        }
        assert!(TestProvider::new(b"other").verify(&c).is_err());
    }
}
