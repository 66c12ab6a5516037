//! Sign-in and sessions under abuse (issue 18), through the real server: fifty loops of
//! wrong passwords get 429s with `Retry-After` while a signed-in officer is answered
//! within a second; a session unused for the idle time ends; users change their own
//! password (the other sessions end); an administrator enables an account again; plain
//! HTTP on a public address is refused unless a TLS proxy is named; the client refuses
//! `http://` to anything but this computer.

use std::time::{Duration, Instant};

use oplog::ids::UserId;
use sync::supervision::UserAction;
use testkit::{PASSWORD, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_wrong_password_loops_get_429s_and_a_signed_in_officer_is_answered_within_a_second() {
    let server = Server::start().await;
    let ana = server.signed_in("ana").await;
    let stop = Instant::now() + Duration::from_secs(6);

    let attackers: Vec<_> = (0..50)
        .map(|i| {
            let url = server.url.clone();
            tokio::spawn(async move {
                let (mut refused, mut limited) = (0u32, 0u32);
                let user = if i % 2 == 0 { "sam" } else { "nobody" };
                while Instant::now() < stop {
                    let mut client = sync::Client::new(&url).unwrap();
                    match client.login(user, "not the password").await {
                        Err(sync::ClientError::Refused {
                            status: 429, code, ..
                        }) => {
                            assert_eq!(code, sync::codes::AUTH_TOO_MANY_ATTEMPTS);
                            limited += 1;
                        }
                        Err(_) => refused += 1,
                        Ok(_) => panic!("a wrong password signed in"),
                    }
                }
                (refused, limited)
            })
        })
        .collect();

    let mut latencies = Vec::new();
    while Instant::now() < stop {
        let t = Instant::now();
        ana.pull(None, 100).await.expect("ana's pull");
        latencies.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (mut refused, mut limited) = (0, 0);
    for a in attackers {
        let (r, l) = a.await.unwrap();
        refused += r;
        limited += l;
    }
    latencies.sort();
    let p90 = latencies[latencies.len() * 9 / 10];
    assert!(
        p90 < Duration::from_secs(1),
        "ana waited {p90:?} at the 90th percentile ({} requests)",
        latencies.len()
    );
    assert!(
        limited > 0 && refused > 0,
        "{refused} refused, {limited} limited"
    );
    // The per-address allowance (a burst of 30, then one every 2 s) bounds the passwords
    // the attacker had checked.
    assert!(refused <= 40, "{refused} passwords were checked");

    // The answer says when to come back.
    let res = reqwest::Client::new()
        .post(format!("{}/v1/sessions", server.url))
        .header(sync::PROTOCOL_HEADER, sync::PROTOCOL_VERSION.to_string())
        .json(&serde_json::json!({"user": "sam", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_unused_for_the_idle_time_ends() {
    let server = Server::start().await;
    let ana = server.signed_in("ana").await;
    ana.session().await.unwrap();
    let db = server.db.client().await;
    db.execute(
        "UPDATE sessions SET last_seen_at = now() - interval '61 minutes'",
        &[],
    )
    .await
    .unwrap();
    let err = ana.session().await.unwrap_err();
    assert_eq!(err.code(), sync::codes::AUTH_EXPIRED, "{err}");
    assert!(err.to_string().contains("without activity"), "{err}");
    assert_eq!(
        server.db.count("SELECT count(*) FROM sessions").await,
        0,
        "the idle session is gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_change_their_password_and_an_administrator_enables_an_account_again() {
    let server = Server::start().await;
    let ana = server.signed_in("ana").await;
    let other = server.signed_in("ana").await;
    let wrong = ana
        .change_password("not mine", "un-nouveau-mot")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), sync::codes::AUTH_FORBIDDEN, "{wrong}");
    assert!(ana.change_password(PASSWORD, "court").await.is_err());
    ana.change_password(PASSWORD, "un-nouveau-mot")
        .await
        .unwrap();
    ana.session().await.expect("this session goes on");
    assert_eq!(
        other.session().await.unwrap_err().code(),
        sync::codes::AUTH_EXPIRED,
        "the other session ended"
    );
    let mut again = server.client();
    assert!(again.login("ana", PASSWORD).await.is_err());
    again.login("ana", "un-nouveau-mot").await.unwrap();

    // bob is disabled; only an administrator enables him again.
    server.admin_ok(&["user", "disable", "--name", "bob"], None);
    let sam = server.signed_in("sam").await;
    let bob = UserId("bob".into());
    assert_eq!(
        sam.enable_user(&bob).await.unwrap_err().code(),
        sync::codes::AUTH_FORBIDDEN
    );
    server.admin_ok(&["user", "admin", "--name", "sam"], None);
    sam.enable_user(&bob).await.unwrap();
    server.signed_in("bob").await;

    let events = sam.user_events().await.unwrap();
    let said: Vec<(&str, &str, UserAction)> = events
        .iter()
        .map(|e| (e.by.0.as_str(), e.user.0.as_str(), e.action))
        .collect();
    assert_eq!(
        said,
        [
            ("sam", "bob", UserAction::Enabled),
            ("ana", "ana", UserAction::PasswordChanged)
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_on_a_public_address_is_refused_unless_a_tls_proxy_is_named() {
    let server = Server::start().await;
    let out = server
        .command()
        .arg("serve")
        .env("DOSSIER_SERVER_LISTEN", "0.0.0.0:0")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("tls.behind_proxy"), "{said}");

    // Behind a named proxy it serves.
    let mut child = server
        .command()
        .arg("serve")
        .env("DOSSIER_SERVER_LISTEN", "0.0.0.0:0")
        .env("DOSSIER_SERVER_TLS_BEHIND_PROXY", "true")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("dossier-server listening on http://0.0.0.0:"),
        "{line}"
    );
}

#[test]
fn the_app_refuses_http_to_anything_but_this_computer() {
    for ok in [
        "https://dossier.mifi.gouv.qc.ca",
        "http://127.0.0.1:8443",
        "http://localhost:8443/",
        "http://[::1]:8443",
    ] {
        assert!(sync::Client::new(ok).is_ok(), "{ok}");
    }
    for refused in [
        "http://10.0.0.5:8443",
        "http://dossier.mifi.gouv.qc.ca",
        "ftp://127.0.0.1",
        "not a url",
    ] {
        let err = sync::Client::new(refused).unwrap_err();
        assert!(
            matches!(err, sync::ClientError::InsecureUrl { .. }),
            "{refused}: {err}"
        );
        assert_eq!(err.text().id, "sync-error-insecure-url");
    }
}
