//! Delivering the e-mail outbox over SMTP (lettre). Rows stay `pending` while no mail server
//! is configured; a failed attempt is retried with a growing delay (1, 2, 4 … 60 minutes) and
//! given up after 10 attempts (`failed`, the error kept). Idempotent and safe on several
//! nodes: a row is marked in the same step that sends it.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use vipcare::services::ServiceResult;
use vipcare::store::{self, Db, StoreError};

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 10;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// From `smtp://`, `smtps://` URLs (see lettre's `from_url`). `None` when not configured.
    pub fn from_settings(url: Option<&str>, from: &str) -> Result<Option<Mailer>, String> {
        let Some(url) = url else { return Ok(None) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("VIPCARE_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("VIPCARE_MAIL_FROM: {e}"))?;
        Ok(Some(Mailer { transport, from }))
    }
}

/// What one delivery run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
}

fn backoff_ms(attempts: i64) -> i64 {
    60_000 * (1i64 << attempts.clamp(0, 6)).min(60)
}

/// Sends what is due. Without a mailer nothing is sent and nothing changes.
pub async fn deliver_due(db: &Db, mailer: Option<&Mailer>, now: i64) -> ServiceResult<Delivery> {
    let mut out = Delivery::default();
    let Some(mailer) = mailer else {
        return Ok(out);
    };
    for row in store::notifications::due_emails(db.reader(), now, 100).await? {
        let message = row
            .to_addr
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(mailer.from.clone())
                    .to(to)
                    .subject(row.subject.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(row.body.clone())
                    .map_err(|e| e.to_string())
            });
        let result = match message {
            Ok(m) => mailer
                .transport
                .send(m)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let mut tx = db.begin_write().await?;
        match result {
            Ok(()) => {
                store::notifications::mark_email(&mut tx, row.id, true, None, now, false, now)
                    .await?;
                out.sent += 1;
            }
            Err(e) => {
                let give_up = row.attempts + 1 >= MAX_ATTEMPTS;
                tracing::warn!(email = row.id, attempts = row.attempts + 1, error = %e, "e-mail not sent");
                store::notifications::mark_email(
                    &mut tx,
                    row.id,
                    false,
                    Some(&e),
                    now + backoff_ms(row.attempts),
                    give_up,
                    now,
                )
                .await?;
                if give_up {
                    out.failed += 1;
                } else {
                    out.retried += 1;
                }
            }
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(super::backoff_ms(0), 60_000);
        assert_eq!(super::backoff_ms(1), 120_000);
        assert_eq!(super::backoff_ms(5), 32 * 60_000);
        assert_eq!(super::backoff_ms(9), 60 * 60_000);
    }
}
