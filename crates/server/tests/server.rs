//! The server with real parts: a real PostgreSQL, the real `dossier-server` process, and
//! the real `sync::Client`. One test binary, so the throwaway cluster starts once.

use testkit as support;

use std::collections::HashSet;

use oplog::Change;
use oplog::ids::{Actor, CaseId, DocumentId, RequestId};
use support::{Server, assigned, file_assigned_to, note, op, push_ok};
use sync::{ClientError, PROTOCOL_HEADER, PushOutcome, codes};

fn rejected_code(outcome: &PushOutcome) -> &str {
    match outcome {
        PushOutcome::Rejected { code, .. } => code,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_logout_and_expired_token() {
    let server = Server::start().await;
    let mut client = server.client();

    let err = client.login("ana", "wrong password").await.unwrap_err();
    assert_eq!(err.code(), codes::AUTH_INVALID_CREDENTIALS, "{err}");
    let err = client.login("nobody", "whatever pw").await.unwrap_err();
    assert_eq!(err.code(), codes::AUTH_INVALID_CREDENTIALS, "{err}");
    assert!(matches!(
        client.session().await,
        Err(ClientError::NotSignedIn)
    ));

    let session = client.login("ana", support::PASSWORD).await.unwrap();
    assert_eq!(session.user.0, "ana");
    assert!(session.token.starts_with("dsr_"));
    let info = client.session().await.unwrap();
    assert_eq!(info.role, oplog::ids::Role::Officer);

    // Only the token's hash is stored.
    let db = server.db.client().await;
    let stored: Vec<u8> = db
        .query_one("SELECT token_sha256 FROM sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, sha2_of(&session.token));

    // Sign-out ends the session on the server.
    let token = session.token.clone();
    client.logout().await.unwrap();
    let stale = server.client().with_token(token);
    let err = stale.session().await.unwrap_err();
    assert!(matches!(err, ClientError::SignInRequired { .. }), "{err}");

    // An expired session is refused with a code that asks to sign in again.
    let client = server.signed_in("ana").await;
    db.execute(
        "UPDATE sessions SET expires_at = now() - interval '1 second'",
        &[],
    )
    .await
    .unwrap();
    let err = client.session().await.unwrap_err();
    assert_eq!(err.code(), codes::AUTH_EXPIRED, "{err}");

    // No token at all.
    let raw = reqwest::Client::new()
        .get(format!("{}/v1/operations", server.url))
        .header(PROTOCOL_HEADER, "1")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 401);
    let body: sync::ErrorBody = raw.json().await.unwrap();
    assert_eq!(body.code, codes::AUTH_REQUIRED);
}

fn sha2_of(text: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_protocol_version_is_refused_both_ways() {
    let server = Server::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/sessions", server.url);

    // A client newer than the server.
    let r = http
        .post(&url)
        .header(PROTOCOL_HEADER, "2")
        .json(&serde_json::json!({"user": "ana", "password": support::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 426);
    assert_eq!(r.headers()[PROTOCOL_HEADER], "1");
    let body: sync::ErrorBody = r.json().await.unwrap();
    assert_eq!(body.code, codes::PROTOCOL_VERSION);
    assert!(
        body.message.contains("server must be updated"),
        "{}",
        body.message
    );

    // An older client, and one that sends no version.
    let r = http
        .post(&url)
        .header(PROTOCOL_HEADER, "0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 426);
    let body: sync::ErrorBody = r.json().await.unwrap();
    assert!(body.message.contains("update the app"), "{}", body.message);
    let r = http.post(&url).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let body: sync::ErrorBody = r.json().await.unwrap();
    assert_eq!(body.code, codes::PROTOCOL_VERSION);

    // The other way: this client meets a server of protocol 2.
    let newer = axum::Router::new().route(
        "/health",
        axum::routing::get(|| async {
            (
                [(PROTOCOL_HEADER, "2")],
                axum::Json(serde_json::json!({"status": "ok", "protocol": 2})),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, newer).await });
    let err = sync::Client::new(&format!("http://{addr}"))
        .unwrap()
        .health()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::ProtocolMismatch {
                client: 1,
                server: 2
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("update the app"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_reaches_only_assigned_files_and_cannot_assign_or_list_users() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let mine = file_assigned_to(&sam, "PP-0001", "ana").await;
    let theirs = file_assigned_to(&sam, "PP-0002", "bob").await;

    // A document on bob's file, uploaded and recorded by the supervisor.
    let bytes = b"%PDF-1.7 bob's passport".to_vec();
    let sha = sync::sha256_hex(&bytes);
    sam.upload_blob(&sha, &bytes, 1024).await.unwrap();
    push_ok(
        &sam,
        &[op(
            Actor::supervisor("sam"),
            theirs,
            Change::DocumentAdded {
                document_id: DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: "passport.pdf".into(),
                sha256: sha.clone(),
                byte_size: bytes.len() as u64,
                received_at: chrono::Utc::now(),
                quality: None,
            },
        )],
    )
    .await;

    // Pull: only ana's file (record level).
    let page = ana.pull(None, 100).await.unwrap();
    assert!(page.reset);
    assert!(!page.operations.is_empty());
    assert!(page.operations.iter().all(|o| o.operation.case_id == mine));

    // Push on bob's file: refused (record level); nothing stored.
    let results = ana
        .push(&[note(Actor::officer("ana"), theirs, "peeking")])
        .await
        .unwrap();
    assert_eq!(rejected_code(&results[0].outcome), codes::REJECT_RECORD);

    // Assigning is a supervisor's function (function level), even on her own file.
    let self_assign = op(
        Actor::officer("ana"),
        mine,
        Change::CaseAssigned {
            officer: oplog::ids::UserId("ana".into()),
        },
    );
    let results = ana.push(&[self_assign]).await.unwrap();
    assert_eq!(rejected_code(&results[0].outcome), codes::REJECT_ROLE);

    // Claiming to be someone else, or claiming the supervisor role.
    let results = ana
        .push(&[
            note(Actor::officer("bob"), mine, "as bob"),
            note(Actor::supervisor("ana"), mine, "as supervisor"),
        ])
        .await
        .unwrap();
    assert_eq!(rejected_code(&results[0].outcome), codes::REJECT_AUTHOR);
    assert_eq!(rejected_code(&results[1].outcome), codes::REJECT_ROLE);

    // Supervisor-only endpoint.
    let err = ana.users().await.unwrap_err();
    assert!(matches!(err, ClientError::Forbidden { .. }), "{err}");
    assert_eq!(sam.users().await.unwrap().len(), 3);

    // bob's document: not one byte, and not even whether it exists.
    let err = ana.download_blob(&sha).await.unwrap_err();
    assert!(matches!(err, ClientError::NotFound { .. }), "{err}");
    assert_eq!(
        ana.missing_blobs(std::slice::from_ref(&sha)).await.unwrap(),
        vec![sha.clone()]
    );
    assert!(
        sam.missing_blobs(std::slice::from_ref(&sha))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(sam.download_blob(&sha).await.unwrap(), bytes);

    // Nothing of the refused operations was stored.
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE author = 'ana' OR author = 'bob'")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_change_takes_effect_on_the_very_next_request() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let bobs = file_assigned_to(&sam, "PP-0100", "bob").await;
    file_assigned_to(&sam, "PP-0101", "ana").await;

    let page = ana.pull(None, 100).await.unwrap();
    assert!(page.operations.iter().all(|o| o.operation.case_id != bobs));
    assert!(ana.users().await.is_err());

    server.admin_ok(
        &["user", "set-role", "--name", "ana", "--role", "supervisor"],
        None,
    );
    // Same token, next request: a supervisor now.
    assert_eq!(
        ana.session().await.unwrap().role,
        oplog::ids::Role::Supervisor
    );
    assert_eq!(ana.users().await.unwrap().len(), 3);
    let again = ana.pull(Some(&page.next), 100).await.unwrap();
    assert!(
        again.reset,
        "the officer's cursor no longer fits: start over"
    );
    assert!(again.operations.iter().any(|o| o.operation.case_id == bobs));
    push_ok(
        &ana,
        &[note(Actor::supervisor("ana"), bobs, "as supervisor now")],
    )
    .await;

    server.admin_ok(
        &["user", "set-role", "--name", "ana", "--role", "officer"],
        None,
    );
    assert!(matches!(
        ana.users().await,
        Err(ClientError::Forbidden { .. })
    ));
    let results = ana
        .push(&[note(Actor::officer("ana"), bobs, "not mine any more")])
        .await
        .unwrap();
    assert_eq!(rejected_code(&results[0].outcome), codes::REJECT_RECORD);

    // Disabling ends the sessions at once, and says why (the app then clears the laptop).
    server.admin_ok(&["user", "disable", "--name", "ana"], None);
    assert!(matches!(
        ana.session().await,
        Err(ClientError::SignInRequired { code, .. }) if code == codes::AUTH_DISABLED
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_push_twice_and_out_of_order_is_applied_once() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let case = file_assigned_to(&sam, "PP-0200", "ana").await;
    let a = note(Actor::officer("ana"), case, "a");
    let b = note(Actor::officer("ana"), case, "b");
    let c = note(Actor::officer("ana"), case, "c");
    let d = note(Actor::officer("ana"), case, "d");

    let first = push_ok(&ana, &[a.clone(), b.clone(), c.clone()]).await;
    let again = ana.push(&[c.clone(), a.clone()]).await.unwrap();
    assert_eq!(again[0].outcome, PushOutcome::Duplicate { seq: first[2] });
    assert_eq!(again[1].outcome, PushOutcome::Duplicate { seq: first[0] });
    let mixed = ana.push(&[b.clone(), d.clone(), d.clone()]).await.unwrap();
    assert_eq!(mixed[0].outcome, PushOutcome::Duplicate { seq: first[1] });
    let PushOutcome::Accepted { seq: d_seq } = mixed[1].outcome else {
        panic!("{:?}", mixed[1]);
    };
    assert_eq!(mixed[2].outcome, PushOutcome::Duplicate { seq: d_seq });

    // Same id, different content: refused, not silently taken as the same.
    let mut forged = a.clone();
    forged.change = Change::NoteAdded {
        note_id: oplog::ids::NoteId::new(),
        body: "changed".into(),
    };
    let r = ana.push(&[forged]).await.unwrap();
    assert_eq!(rejected_code(&r[0].outcome), codes::REJECT_ID_REUSED);

    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE kind = 'note_added'")
            .await,
        4
    );
    let page = ana.pull(None, 100).await.unwrap();
    let ids: Vec<_> = page.operations.iter().map(|o| o.operation.id).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len());
    assert_eq!(ids.len(), 2 + 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_push_loses_nothing_and_doubles_nothing() {
    let mut server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let case = file_assigned_to(&sam, "PP-0300", "ana").await;
    let notes: Vec<_> = (0..3000)
        .map(|i| {
            note(
                Actor::officer("ana"),
                case,
                &format!("note {i} {}", "x".repeat(200)),
            )
        })
        .collect();
    let batches: Vec<Vec<_>> = notes.chunks(250).map(<[_]>::to_vec).collect();

    let pushing = {
        let ana = ana.clone();
        let batches = batches.clone();
        tokio::spawn(async move {
            for batch in &batches {
                ana.push(batch).await?;
            }
            Ok::<_, ClientError>(())
        })
    };
    // Kill it once some batches are in, while others are on the way.
    let db = server.db.client().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let n: i64 = db
            .query_one(
                "SELECT count(*) FROM operations WHERE kind = 'note_added'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if n >= 500 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the push did not start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    server.kill();
    let outcome = pushing.await.unwrap();
    // Let PostgreSQL finish with the dead server's connections (commit or roll back).
    loop {
        let others: i64 = db
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if others == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "connections linger");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: i64 = db
        .query_one(
            "SELECT count(*) FROM operations WHERE kind = 'note_added'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        outcome.is_err() && before < 3000,
        "the kill came too late: {before} stored"
    );
    assert!(outcome.unwrap_err().is_transient());

    // Restart; the app retries everything it has not seen acknowledged.
    server.restart();
    let ana = server.client().with_token(ana.token().unwrap());
    let mut accepted = 0;
    let mut duplicates = 0;
    for batch in &batches {
        for r in ana.push(batch).await.unwrap() {
            match r.outcome {
                PushOutcome::Accepted { .. } => accepted += 1,
                PushOutcome::Duplicate { .. } => duplicates += 1,
                other => panic!("{other:?}"),
            }
        }
    }
    assert_eq!(duplicates, before);
    assert_eq!(accepted + duplicates, 3000);
    let stored: Vec<uuid::Uuid> = db
        .query("SELECT id FROM operations WHERE kind = 'note_added'", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let stored: HashSet<_> = stored.into_iter().collect();
    let sent: HashSet<_> = notes.iter().map(|n| n.id.0).collect();
    assert_eq!(stored, sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_conflicting_decisions_one_accepted_one_rejected_with_the_reason() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let r = support::received("PP-0400");
    let case = r.case_id;
    push_ok(&sam, &[r.clone(), assigned(case, "ana")]).await;
    // ana makes the file complete (A1), so that it may be recorded admissible.
    push_ok(
        &ana,
        &support::completing(&ana, Actor::officer("ana"), case, &r.change).await,
    )
    .await;
    push_ok(
        &ana,
        &[op(
            Actor::officer("ana"),
            case,
            Change::AdmissibilityReviewStarted,
        )],
    )
    .await;

    // Both saw the file in admissibility review, offline; ana syncs first.
    let hers = op(Actor::officer("ana"), case, Change::AdmissibleRecorded);
    let his = op(
        Actor::supervisor("sam"),
        case,
        Change::MissingItemsRequested {
            request_id: RequestId::new(),
            items: vec!["passport".into()],
            sent_at: chrono::Utc::now(),
        },
    );
    push_ok(&ana, std::slice::from_ref(&hers)).await;
    let results = sam.push(&[his]).await.unwrap();
    let PushOutcome::Rejected {
        code,
        message,
        reason,
        ..
    } = &results[0].outcome
    else {
        panic!("{:?}", results[0]);
    };
    assert_eq!(code, codes::REJECT_CONFLICT_TRANSITION);
    // The officer reads why in French or English, with who changed the file.
    let reason = reason.as_ref().expect("a reason in both languages");
    assert!(
        reason
            .fr
            .starts_with("ana a changé le dossier sur le serveur"),
        "{reason:?}"
    );
    assert!(
        reason
            .en
            .starts_with("ana changed the file on the server meanwhile"),
        "{reason:?}"
    );
    assert!(message.contains("in_review"), "{message}");
    assert!(message.contains(&hers.id.to_string()), "{message}");
    assert!(message.contains("admissible_recorded by ana"), "{message}");

    // Plain changes are accepted whatever their clock.
    let mut late = note(Actor::supervisor("sam"), case, "an old note");
    late.hlc.wall_ms = 1;
    push_ok(&sam, &[late]).await;

    let status: String = server
        .db
        .client()
        .await
        .query_one("SELECT status FROM cases WHERE id = $1", &[&case.0])
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "in_review");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_upload_resumes_and_a_wrong_hash_is_discarded() {
    let server = Server::start_with(&[("DOSSIER_SERVER_BLOBS_MAX_CHUNK_BYTES", "1048576")]).await;
    let ana = server.signed_in("ana").await;
    let bytes: Vec<u8> = (0..3_500_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let sha = sync::sha256_hex(&bytes);
    let mib = 1024 * 1024;

    // The first chunk arrives, then the connection is lost.
    let s = ana
        .upload_chunk(&sha, 0, bytes.len() as u64, bytes[..mib].to_vec())
        .await
        .unwrap();
    assert_eq!((s.received, s.complete), (mib as u64, false));
    assert_eq!(ana.upload_status(&sha).await.unwrap().received, mib as u64);

    // A chunk at the wrong offset is refused with where to resume.
    let err = ana
        .upload_chunk(&sha, 0, bytes.len() as u64, bytes[..10].to_vec())
        .await
        .unwrap_err();
    assert_eq!(err.code(), codes::UPLOAD_OFFSET, "{err}");
    // A chunk larger than the server accepts.
    let err = ana
        .upload_chunk(
            &sha,
            mib as u64,
            bytes.len() as u64,
            bytes[mib..mib * 2 + 1].to_vec(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), codes::REQUEST_TOO_LARGE, "{err}");

    // Resume: only the rest is sent.
    let done = ana.upload_blob(&sha, &bytes, mib).await.unwrap();
    assert!(done.complete);
    assert_eq!(server.db.count("SELECT count(*) FROM blobs").await, 1);
    let stored = std::fs::read(server.dir.join("blobs").join(&sha[..2]).join(&sha)).unwrap();
    assert_eq!(stored, bytes);

    // Bytes that do not hash to their name: refused, and the partial upload discarded.
    let other = vec![7u8; 2 * mib + 5];
    let claimed = sync::sha256_hex(b"something else");
    let err = ana.upload_blob(&claimed, &other, mib).await.unwrap_err();
    assert!(matches!(err, ClientError::HashMismatch { .. }), "{err}");
    let s = ana.upload_status(&claimed).await.unwrap();
    assert_eq!((s.received, s.complete), (0, false));
    assert_eq!(server.db.count("SELECT count(*) FROM blobs").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_pages_with_a_cursor_and_newly_assigned_files_arrive_whole() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;
    let bob = server.signed_in("bob").await;
    let case = file_assigned_to(&sam, "PP-0500", "ana").await;
    let notes: Vec<_> = (0..23)
        .map(|i| note(Actor::officer("ana"), case, &format!("n{i}")))
        .collect();
    push_ok(&ana, &notes).await;

    // 2 + 23 operations, in pages of 10.
    let mut cursor = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = ana.pull(cursor.as_ref(), 10).await.unwrap();
        pages += 1;
        assert!(page.operations.len() <= 10);
        seen.extend(page.operations.iter().map(|o| o.seq));
        cursor = Some(page.next);
        if !page.more {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    let empty = ana.pull(cursor.as_ref(), 10).await.unwrap();
    assert!(empty.operations.is_empty() && !empty.more && !empty.reset);

    // A file created long ago, assigned to ana now: its whole history follows the cursor.
    let older = file_assigned_to(&sam, "PP-0501", "bob").await;
    push_ok(&bob, &[note(Actor::officer("bob"), older, "bob's work")]).await;
    let bob_cursor = bob.pull(None, 100).await.unwrap().next;
    push_ok(&sam, &[assigned(older, "ana")]).await;
    let page = ana.pull(cursor.as_ref(), 100).await.unwrap();
    let kinds: Vec<_> = page
        .operations
        .iter()
        .map(|o| o.operation.change.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "case_received",
            "case_assigned",
            "note_added",
            "case_assigned"
        ],
        "{kinds:?}"
    );
    // bob is told, once, that the file left him; he gets nothing of it after.
    let page = bob.pull(Some(&bob_cursor), 100).await.unwrap();
    assert_eq!(page.operations.len(), 1);
    assert_eq!(
        page.operations[0].operation.change,
        Change::CaseAssigned {
            officer: oplog::ids::UserId("ana".into())
        }
    );
    push_ok(&ana, &[note(Actor::officer("ana"), older, "mine now")]).await;
    assert!(
        bob.pull(Some(&page.next), 100)
            .await
            .unwrap()
            .operations
            .is_empty()
    );

    // A supervisor sees everything.
    let all = sam.pull(None, 1000).await.unwrap();
    assert_eq!(
        all.operations.len() as i64,
        server.db.count("SELECT count(*) FROM operations").await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_requests_get_a_clear_4xx_and_the_server_keeps_serving() {
    let server = Server::start_with(&[("DOSSIER_SERVER_SYNC_MAX_PUSH_OPERATIONS", "5")]).await;
    let ana = server.signed_in("ana").await;
    let http = reqwest::Client::new();
    let token = ana.token().unwrap().to_owned();
    let post = |body: &'static str| {
        http.post(format!("{}/v1/operations", server.url))
            .header(PROTOCOL_HEADER, "1")
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for body in ["{not json", r#"{"operations": [{"id": "nope"}]}"#] {
        let r = post(body).await.unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
        let e: sync::ErrorBody = r.json().await.unwrap();
        assert_eq!(e.code, codes::REQUEST_MALFORMED);
        assert!(!e.message.is_empty());
    }
    let case = oplog::ids::CaseId::new();
    let six: Vec<_> = (0..6)
        .map(|i| note(Actor::officer("ana"), case, &i.to_string()))
        .collect();
    let err = ana.push(&six).await.unwrap_err();
    assert_eq!(err.code(), codes::REQUEST_TOO_LARGE, "{err}");
    let r = http
        .get(format!("{}/v1/operations?after=garbage", server.url))
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = http
        .get(format!("{}/v1/nothing", server.url))
        .header(PROTOCOL_HEADER, "1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let e: sync::ErrorBody = r.json().await.unwrap();
    assert_eq!(e.code, codes::NOT_FOUND);

    assert_eq!(server.client().health().await.unwrap().status, "ok");
    assert!(ana.session().await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_the_configured_certificate() {
    let Ok(out) = std::process::Command::new("openssl")
        .arg("version")
        .output()
    else {
        eprintln!("skipped: no openssl to make a test certificate");
        return;
    };
    assert!(out.status.success());
    // A test CA and a server certificate it signs (webpki takes no self-signed leaf).
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let openssl = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "openssl {args:?}");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-days",
                "2",
                "-subj",
                "/CN=Dossier test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
            ],
        ]
        .concat(),
    );
    openssl(
        &[
            &["req"][..],
            &ec,
            &[
                "-subj",
                "/CN=localhost",
                "-keyout",
                "key.pem",
                "-out",
                "leaf.csr",
            ],
        ]
        .concat(),
    );
    std::fs::write(
        path("leaf.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ]);
    let (cert, key, ca) = (path("cert.pem"), path("key.pem"), path("ca.pem"));
    let server = Server::start_with(&[
        ("DOSSIER_SERVER_TLS_CERT", cert.to_str().unwrap()),
        ("DOSSIER_SERVER_TLS_KEY", key.to_str().unwrap()),
    ])
    .await;
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let mut client = sync::Client::with_options(
        &server.url,
        sync::ClientOptions {
            extra_root_certificates_pem: vec![std::fs::read(&ca).unwrap()],
            only_extra_roots: true,
            ..Default::default()
        },
    )
    .unwrap();
    client.login("ana", support::PASSWORD).await.unwrap();
    assert_eq!(client.session().await.unwrap().user.0, "ana");
    // A client that does not trust the certificate cannot talk to it.
    let err = server.client().health().await.unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_is_checked_in_order_against_its_own_earlier_operations() {
    // One push that receives a file, assigns it, moves it, conflicts with itself, repeats
    // operations and reassigns it: each operation sees the file as the batch's earlier
    // ones left it, and the answers are the same when the whole batch comes again.
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let bob = server.signed_in("bob").await;
    let sup = || Actor::supervisor("sam");
    let r = support::received("PP-0900");
    let case = r.case_id;
    let admissible = op(sup(), case, Change::AdmissibleRecorded);
    let n = note(sup(), case, "first");
    let mut reused = n.clone();
    reused.change = Change::NoteAdded {
        note_id: oplog::ids::NoteId::new(),
        body: "other".into(),
    };
    // What makes the file complete (A1), so that recording it admissible is legitimate.
    let completing = support::completing(&sam, sup(), case, &r.change).await;
    let k = completing.len();
    let at = |i: usize| if i < 3 { i } else { i + k };
    let (other_document, other_size) = support::upload_document(&sam, CaseId::new()).await;
    let mut batch = vec![r.clone(), assigned(case, "ana"), assigned(case, "nobody")];
    batch.extend(completing);
    batch.extend([
        op(sup(), case, Change::AdmissibilityReviewStarted),
        admissible.clone(),
        op(
            sup(),
            case,
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: vec!["passport".into()],
                sent_at: chrono::Utc::now(),
            },
        ),
        n.clone(),
        n.clone(),
        reused,
        support::received("PP-0900"),
        r.clone(),
        assigned(case, "bob"),
        op(
            sup(),
            case,
            Change::DocumentAdded {
                document_id: DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: "a.pdf".into(),
                sha256: other_document,
                byte_size: other_size,
                received_at: chrono::Utc::now(),
                quality: None,
            },
        ),
        note(Actor::officer("ana"), case, "not sam's"),
    ]);
    let accepted_at = [0, 1, 3, 4, 6, 11, 12].map(at);
    let results = sam.push(&batch).await.unwrap();
    let seq = |i: usize| match results[i].outcome {
        PushOutcome::Accepted { seq } => seq,
        ref other => panic!("operation {i}: {other:?}"),
    };
    let seqs: Vec<i64> = accepted_at.iter().map(|&i| seq(i)).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    for i in 3..3 + k {
        seq(i);
    }
    let check_rejections = |results: &[sync::PushResult]| {
        assert_eq!(
            rejected_code(&results[at(2)].outcome),
            codes::REJECT_UNKNOWN_USER
        );
        let PushOutcome::Rejected { code, message, .. } = &results[at(5)].outcome else {
            panic!("{:?}", results[at(5)]);
        };
        assert_eq!(code, codes::REJECT_CONFLICT_TRANSITION);
        assert!(message.contains("in_review"), "{message}");
        assert!(message.contains(&admissible.id.to_string()), "{message}");
        assert!(message.contains("admissible_recorded by sam"), "{message}");
        let PushOutcome::Rejected { code, message, .. } = &results[at(8)].outcome else {
            panic!("{:?}", results[at(8)]);
        };
        assert_eq!(code, codes::REJECT_ID_REUSED);
        assert!(
            message.contains(&format!("sequence {}", seqs[4])),
            "{message}"
        );
        assert_eq!(
            rejected_code(&results[at(9)].outcome),
            codes::REJECT_CASE_EXISTS
        );
        assert_eq!(
            rejected_code(&results[at(13)].outcome),
            codes::REJECT_AUTHOR
        );
    };
    check_rejections(&results);
    assert_eq!(
        results[at(7)].outcome,
        PushOutcome::Duplicate { seq: seqs[4] }
    );
    assert_eq!(
        results[at(10)].outcome,
        PushOutcome::Duplicate { seq: seqs[0] }
    );

    let db = server.db.client().await;
    let row = db
        .query_one(
            "SELECT status, status_op, assigned_to, assigned_seq FROM cases WHERE id = $1",
            &[&case.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "in_review");
    assert_eq!(row.get::<_, uuid::Uuid>(1), admissible.id.0);
    assert_eq!(row.get::<_, String>(2), "bob");
    assert_eq!(row.get::<_, i64>(3), seqs[5]);
    let revoked: Option<String> = db
        .query_one(
            "SELECT revoked_from FROM operations WHERE seq = $1",
            &[&seqs[5]],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(revoked.as_deref(), Some("ana"));
    let documents: i64 = db
        .query_one(
            "SELECT count(*) FROM documents WHERE case_id = $1",
            &[&case.0],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(documents, 2, "the completing scan and the one added later");

    // The same batch again: what was accepted is a duplicate, the rest is refused again.
    let again = sam.push(&batch).await.unwrap();
    for (k, &i) in accepted_at.iter().enumerate() {
        assert_eq!(
            again[i].outcome,
            PushOutcome::Duplicate { seq: seqs[k] },
            "{i}"
        );
    }
    check_rejections(&again);
    assert_eq!(
        again[at(7)].outcome,
        PushOutcome::Duplicate { seq: seqs[4] }
    );
    assert_eq!(
        again[at(10)].outcome,
        PushOutcome::Duplicate { seq: seqs[0] }
    );

    // The file's new officer receives its whole history, in order.
    let page = bob.pull(None, 100).await.unwrap();
    let pulled: Vec<i64> = page.operations.iter().map(|o| o.seq).collect();
    let mut all: Vec<i64> = (0..batch.len())
        .filter_map(|i| match results[i].outcome {
            PushOutcome::Accepted { seq } => Some(seq),
            _ => None,
        })
        .collect();
    all.sort_unstable();
    assert_eq!(pulled, all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pushes_receiving_the_same_file_numbers_crosswise_both_get_an_answer() {
    // Batches are checked alongside each other and only the insert of the operations is
    // serialised. Two batches receiving the same two file numbers under different files,
    // in crossed order, can wait on each other's new rows: PostgreSQL breaks the
    // deadlock and the server runs the batch it aborted again. Both pushes get an
    // answer, and each file number ends with exactly one file.
    let server = Server::start().await;
    let first = server.signed_in("sam").await;
    let second = server.signed_in("sam").await;
    for round in 0..6 {
        let (n1, n2) = (format!("PX-{round}-1"), format!("PX-{round}-2"));
        // Ids are time-ordered (a1 < a2 < b1 < b2) and new rows are inserted in id
        // order: the first batch inserts n1 then n2, the second n2 then n1.
        let a = vec![support::received(&n1), support::received(&n2)];
        let b = vec![support::received(&n2), support::received(&n1)];
        let (ra, rb) = tokio::join!(first.push(&a), second.push(&b));
        let (ra, rb) = (
            ra.unwrap_or_else(|e| panic!("round {round}: {e}")),
            rb.unwrap_or_else(|e| panic!("round {round}: {e}")),
        );
        let accepted = ra
            .iter()
            .chain(&rb)
            .filter(|r| matches!(r.outcome, PushOutcome::Accepted { .. }))
            .count();
        assert_eq!(accepted, 2, "round {round}: {ra:?} / {rb:?}");
        for r in ra.iter().chain(&rb) {
            if let PushOutcome::Rejected { code, .. } = &r.outcome {
                assert_eq!(code, codes::REJECT_CASE_EXISTS, "round {round}: {r:?}");
            }
        }
    }
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM cases WHERE file_number LIKE 'PX-%'")
            .await,
        12
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_batch_pushed_twice_at_once_is_stored_once() {
    // A retry that overtakes the first attempt (a client timed out): both answers name the
    // same sequence numbers, whichever push stored the batch.
    let server = Server::start().await;
    let first = server.signed_in("sam").await;
    let second = server.signed_in("sam").await;
    let existing = file_assigned_to(&first, "PP-0999", "ana").await;
    for round in 0..20 {
        // Even rounds receive a new file (the two meet on its row); odd rounds only add
        // notes to a file already stored (the two meet on the operations' ids).
        let mut batch = Vec::new();
        let case = if round % 2 == 0 {
            let r = support::received(&format!("PP-{:04}", 1000 + round));
            let case = r.case_id;
            batch.extend([r, assigned(case, "ana")]);
            case
        } else {
            existing
        };
        for i in 0..50 {
            batch.push(note(Actor::supervisor("sam"), case, &format!("note {i}")));
        }
        let (a, b) = tokio::join!(first.push(&batch), second.push(&batch));
        let (a, b) = (a.unwrap(), b.unwrap());
        for (x, y) in a.iter().zip(&b) {
            let (Some(sx), Some(sy)) = (x.outcome.seq(), y.outcome.seq()) else {
                panic!("round {round}: {x:?} / {y:?}");
            };
            assert_eq!(sx, sy, "round {round}");
            assert!(
                matches!(x.outcome, PushOutcome::Duplicate { .. })
                    || matches!(y.outcome, PushOutcome::Duplicate { .. }),
                "round {round}: {x:?} / {y:?}"
            );
        }
    }
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE kind = 'note_added'")
            .await,
        1000
    );
}

/// The S3 backend against a real S3 API (moto's server on loopback): a document larger
/// than one multipart part is uploaded in chunks with an interruption, lands in the bucket
/// (and not on the server's disk), is served whole and from an offset, survives a restart
/// of the server, and stays out of reach of an officer whose file it is not on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_kept_in_an_s3_bucket_upload_resume_and_download() {
    let s3 = support::S3Bucket::start("dossier-documents");
    let env = s3.server_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut server = Server::start_with(&env).await;
    let sam = server.signed_in("sam").await;
    let bob = server.signed_in("bob").await;
    let case = file_assigned_to(&sam, "PP-S3-0001", "ana").await;

    // 6.5 MiB: more than one 5 MiB part of an S3 multipart upload.
    let bytes: Vec<u8> = (0..6_815_744u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let sha = sync::sha256_hex(&bytes);
    let mib = 1024 * 1024;
    // The first 2 MiB arrive, then the connection is lost; the rest is sent on resume.
    for offset in [0, mib] {
        sam.upload_chunk(
            &sha,
            offset as u64,
            bytes.len() as u64,
            bytes[offset..offset + mib].to_vec(),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        sam.upload_status(&sha).await.unwrap().received,
        2 * mib as u64
    );
    assert!(
        s3.keys().is_empty(),
        "nothing is in the bucket before the whole is checked"
    );
    let done = sam.upload_blob(&sha, &bytes, mib).await.unwrap();
    assert!(done.complete);
    assert_eq!(s3.keys(), vec![format!("{}/{sha}", &sha[..2])]);
    assert!(
        !server.dir.join("blobs").join(&sha[..2]).exists(),
        "the document is in the bucket, not on the server's disk"
    );
    push_ok(
        &sam,
        &[op(
            Actor::supervisor("sam"),
            case,
            Change::DocumentAdded {
                document_id: DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: "releve-bancaire.pdf".into(),
                sha256: sha.clone(),
                byte_size: bytes.len() as u64,
                received_at: chrono::Utc::now(),
                quality: None,
            },
        )],
    )
    .await;

    // Served whole (hash checked by the client) and from an offset, after a restart on
    // the same address.
    server.kill();
    server.start_again();
    let ana = server.signed_in("ana").await;
    assert_eq!(ana.download_blob(&sha).await.unwrap(), bytes);
    let offset = 5 * mib + 123;
    assert_eq!(
        ana.download_blob_from(&sha, offset as u64).await.unwrap(),
        bytes[offset..]
    );
    assert!(
        ana.missing_blobs(std::slice::from_ref(&sha))
            .await
            .unwrap()
            .is_empty()
    );

    // bob's files do not hold it: not one byte (his session outlived the restart).
    let err = bob.download_blob(&sha).await.unwrap_err();
    assert!(matches!(err, ClientError::NotFound { .. }), "{err}");

    // A second upload of the same bytes is already complete and stores nothing new.
    assert!(
        sam.missing_blobs(std::slice::from_ref(&sha))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s3.keys().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfinished_uploads_have_a_quota_per_user_and_abandoned_ones_are_removed() {
    let mut server = Server::start_with(&[
        ("DOSSIER_SERVER_BLOBS_MAX_STAGED_BYTES_PER_USER", "1000"),
        ("DOSSIER_SERVER_BLOBS_ABANDONED_UPLOAD_HOURS", "0"),
    ])
    .await;
    let ana = server.signed_in("ana").await;
    let bob = server.signed_in("bob").await;
    let first = sync::sha256_hex(b"first");
    let second = sync::sha256_hex(b"second");
    // 600 of 2,000 bytes of a first document: under the quota.
    let status = ana
        .upload_chunk(&first, 0, 2000, vec![1; 600])
        .await
        .unwrap();
    assert_eq!(status.received, 600);
    // A second unfinished upload would pass it: refused, nothing staged.
    let err = ana
        .upload_chunk(&second, 0, 2000, vec![2; 600])
        .await
        .unwrap_err();
    assert_eq!(err.code(), codes::UPLOAD_QUOTA, "{err}");
    assert_eq!(ana.upload_status(&second).await.unwrap().received, 0);
    // The quota is each user's own.
    bob.upload_chunk(&second, 0, 2000, vec![2; 600])
        .await
        .unwrap();
    // A complete document is not an unfinished upload: it does not count.
    let small = b"a whole small document".to_vec();
    let small_hash = sync::sha256_hex(&small);
    let done = ana
        .upload_chunk(&small_hash, 0, small.len() as u64, small)
        .await
        .unwrap();
    assert!(done.complete);
    // Abandoned (here: after 0 hours) uploads are removed when the server starts, and
    // every hour after.
    server.restart();
    let ana = server.signed_in("ana").await;
    assert_eq!(ana.upload_status(&first).await.unwrap().received, 0);
    ana.upload_chunk(&second, 0, 2000, vec![2; 600])
        .await
        .unwrap();
}
