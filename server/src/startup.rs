//! Wiring: one `build` function used by `vipcare serve` and by the integration tests
//! (port 0, fresh database), so the tests exercise the real router and middleware.

use crate::config::Settings;
use crate::middleware::{
    limit_body, reject_cross_site, resolve_session, security_headers, BodyLimits, EdgeState,
};
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use leptos_config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use vipcare::services::payments::{Gateways, TestProvider};
use vipcare::store::Db;
use vipcare_app::server::{AppContext, CookieConfig};
use vipcare_app::{shell, App};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Store(#[from] vipcare::store::StoreError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("server: {0}")]
    Serve(std::io::Error),
    #[error("{0}")]
    Config(String),
}

/// Opens the database, migrates it and checks it (`PRAGMA quick_check`).
pub async fn open_database(settings: &Settings) -> Result<Db, StartupError> {
    let db = Db::open(&settings.database).await?;
    if let Some(text) = &settings.secret_key {
        let key = vipcare::store::secrets::SecretKey::parse(text)
            .map_err(|e| StartupError::Config(format!("VIPCARE_SECRET_KEY: {e}")))?;
        db.set_secret_key(key);
    }
    db.quick_check().await?;
    db.migrate().await?;
    let sealed = vipcare::services::mfa::seal_stored_secrets(&db)
        .await
        .map_err(|e| StartupError::Config(format!("sealing authenticator keys: {e:?}")))?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed authenticator keys stored before sealing");
    }
    Ok(db)
}

/// A built, bound, not yet serving application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    db: Db,
    origin: String,
    policy: vipcare::services::auth::AuthPolicy,
    mailer: Option<crate::mailer::Mailer>,
}

#[derive(Clone)]
struct HealthState {
    db: Db,
}

async fn healthz(
    State(s): State<HealthState>,
) -> (axum::http::StatusCode, Json<serde_json::Value>) {
    let ok = s.db.ping().await.is_ok();
    let version = s.db.schema_version().await.ok().flatten();
    let status = if ok {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(serde_json::json!({
            "status": if ok { "ok" } else { "unavailable" },
            "database": if ok { "ok" } else { "unreachable" },
            "schema_version": version,
            "version": env!("CARGO_PKG_VERSION"),
        })),
    )
}

/// The payment providers this installation offers (clause 6.2).
fn gateways(settings: &Settings) -> Gateways {
    if !settings.test_gateway {
        return Gateways::default();
    }
    let secret = match &settings.payment_secret {
        Some(s) => s.as_bytes().to_vec(),
        None => {
            use rand::RngCore;
            let mut key = vec![0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            key
        }
    };
    Gateways {
        test: Some(Arc::new(TestProvider::new(&secret))),
    }
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let db = open_database(&settings).await?;
        let mailer =
            crate::mailer::Mailer::from_settings(settings.smtp_url.as_deref(), &settings.mail_from)
                .map_err(StartupError::Config)?;
        let listener = TcpListener::bind(settings.site_addr)
            .await
            .map_err(|e| StartupError::Bind(settings.site_addr, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartupError::Bind(settings.site_addr, e))?;
        let origin = settings
            .public_origin
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let app_ctx = AppContext {
            db: db.clone(),
            policy: settings.auth.clone(),
            cookies: CookieConfig::for_origin(&origin),
            payments: gateways(&settings),
        };
        let edge = EdgeState {
            app: app_ctx.clone(),
            public_origin: Arc::from(origin.as_str()),
            trust_proxy: settings.trust_proxy,
            https: origin.starts_with("https://"),
        };
        let options = LeptosOptions::builder()
            .output_name(settings.output_name.as_str())
            .site_root(settings.site_root.as_str())
            .site_pkg_dir(settings.site_pkg_dir.as_str())
            .hash_files(settings.hash_files)
            .site_addr(addr)
            .build();
        let routes = generate_route_list(App);
        let leptos_router = Router::new()
            .leptos_routes_with_context(
                &options,
                routes,
                {
                    let ctx = app_ctx.clone();
                    move || {
                        provide_context(ctx.clone());
                        vipcare_app::server::provide_request_nonce();
                    }
                },
                {
                    let options = options.clone();
                    move || shell(options.clone())
                },
            )
            .fallback(leptos_axum::file_and_error_handler_with_context(
                {
                    let ctx = app_ctx.clone();
                    move || {
                        provide_context(ctx.clone());
                        vipcare_app::server::provide_request_nonce();
                    }
                },
                shell,
            ))
            .with_state(options);
        let metrics = crate::metrics::Metrics::new();
        let router = Router::new()
            .route(
                "/healthz",
                get(healthz).with_state(HealthState { db: db.clone() }),
            )
            .route(
                "/api/v1/ledger",
                post(crate::api_v1::post_ledger).with_state(crate::api_v1::ApiState {
                    db: db.clone(),
                    trust_proxy: settings.trust_proxy,
                }),
            )
            .route(
                "/files/{id}",
                get(crate::files::download).with_state(db.clone()),
            )
            .route(
                "/metrics",
                get(crate::metrics::metrics).with_state(crate::metrics::MetricsState {
                    db: db.clone(),
                    metrics: metrics.clone(),
                    token: settings.metrics_token.clone(),
                }),
            )
            .route(
                "/portal/export.zip",
                get(crate::export::my_data).with_state(db.clone()),
            )
            .route(
                "/agreements/{id}/signed-copy",
                get(crate::files::signed_copy).with_state(db.clone()),
            )
            .route(
                "/payments/{provider}/callback",
                post(crate::payments::callback).with_state(crate::payments::CallbackState {
                    db: db.clone(),
                    gateways: app_ctx.payments.clone(),
                }),
            )
            .route(
                "/admin/billing/reports/ageing.csv",
                get(crate::reports::ageing_csv).with_state(db.clone()),
            )
            .route(
                "/admin/billing/reports/revenue.csv",
                get(crate::reports::revenue_csv).with_state(db.clone()),
            )
            .route(
                "/admin/complaints/reports.csv",
                get(crate::complaint_reports::report_csv).with_state(db.clone()),
            )
            .route(
                "/admin/quality/export/{file}",
                get(crate::quality_reports::export_csv).with_state(db.clone()),
            )
            .merge(leptos_router)
            .layer(axum::middleware::from_fn_with_state(
                edge.clone(),
                resolve_session,
            ))
            .layer(axum::middleware::from_fn_with_state(
                edge.clone(),
                reject_cross_site,
            ))
            // Axum's extractor limit is the larger one; `limit_body` applies the limit per path.
            .layer(DefaultBodyLimit::max(
                settings.upload_limit.max(settings.body_limit),
            ))
            .layer(axum::middleware::from_fn_with_state(
                BodyLimits {
                    body_limit: settings.body_limit,
                    upload_limit: settings.upload_limit,
                },
                limit_body,
            ))
            .layer(CompressionLayer::new())
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(settings.request_timeout_secs),
            ))
            // A panic anywhere below answers 500 without its text, instead of dropping the
            // connection (the headers and metrics layers still see the answer).
            .layer(CatchPanicLayer::custom(crate::middleware::panic_response))
            .layer(axum::middleware::from_fn_with_state(edge, security_headers))
            .layer(axum::middleware::from_fn_with_state(
                metrics,
                crate::metrics::track,
            ));
        Ok(Application {
            listener,
            router,
            addr,
            db,
            origin,
            policy: settings.auth,
            mailer,
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until SIGTERM or Ctrl-C, finishing in-flight requests, then closes the pools.
    pub async fn run_until_stopped(self) -> Result<(), StartupError> {
        let jobs = crate::jobs::spawn(self.db.clone(), self.policy.clone(), self.mailer);
        let result = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartupError::Serve);
        jobs.abort();
        self.db.close().await;
        result
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
