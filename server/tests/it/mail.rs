//! The e-mail outbox: kept while no mail server is configured, retried with a delay when the
//! server is down, sent over SMTP when it is up.

use crate::common::spawn_app;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use vipcare::store::now_ms;
use vipcare_server::mailer::{deliver_due, Mailer};

/// A minimal SMTP server that accepts everything and keeps the DATA of each message.
async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let store = got.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = socket.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut in_data = false;
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut data));
                            w.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        b"250 fake\r\n"
                    } else if cmd.starts_with("DATA") {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if cmd.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, got)
}

async fn outbox(app: &crate::common::TestApp) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM email_outbox")
        .fetch_one(app.db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn outbox_waits_without_a_server_retries_when_down_and_sends_when_up() {
    let app = spawn_app().await;
    let now = now_ms();
    let mut tx = app.db.begin_write().await.unwrap();
    vipcare::store::notifications::enqueue_email(
        &mut tx,
        None,
        "vip@example.com",
        "VIP Care: 您的 VIP 会员资格已生效",
        "您的 VIP 会员资格已生效。\n\n/portal/membership\n",
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Not configured: nothing happens.
    let d = deliver_due(&app.db, None, now).await.unwrap();
    assert_eq!((d.sent, d.retried), (0, 0));
    assert_eq!(outbox(&app).await.0, "pending");

    // The server is down: one failed attempt, retried later, not before.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_port = closed.local_addr().unwrap().port();
    drop(closed);
    let down = Mailer::from_settings(
        Some(&format!("smtp://127.0.0.1:{dead_port}")),
        "VIP Care <no-reply@example.com>",
    )
    .unwrap()
    .unwrap();
    let d = deliver_due(&app.db, Some(&down), now).await.unwrap();
    assert_eq!(d.retried, 1);
    let (status, attempts, error) = outbox(&app).await;
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(error.is_some());
    let d = deliver_due(&app.db, Some(&down), now + 1_000)
        .await
        .unwrap();
    assert_eq!(d.retried, 0, "not due again yet");

    // The server is up: sent, once.
    let (port, got) = fake_smtp().await;
    let up = Mailer::from_settings(
        Some(&format!("smtp://127.0.0.1:{port}")),
        "VIP Care <no-reply@example.com>",
    )
    .unwrap()
    .unwrap();
    let later = now + 3_600_000;
    let d = deliver_due(&app.db, Some(&up), later).await.unwrap();
    assert_eq!(d.sent, 1);
    assert_eq!(outbox(&app).await.0, "sent");
    let d = deliver_due(&app.db, Some(&up), later + 3_600_000)
        .await
        .unwrap();
    assert_eq!(d.sent, 0, "sent once");
    let messages = got.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("To: vip@example.com"),
        "{}",
        messages[0]
    );
}
