//! The supervisor's desk through the real server (issue 17): the team's workload, the
//! files of one person or of nobody with who assigned them, assigning many files in one
//! action (all or none, never to an officer who is away), the management of users (who
//! may do what, each action recorded), and the projection the figures read kept with
//! each write and rebuilt at start.

use oplog::ids::{Role, UserId};
use sync::supervision::{TeamFilesOf, UserAction};
use testkit::Server;

fn ids(cases: &[oplog::ids::CaseId]) -> Vec<uuid::Uuid> {
    cases.iter().map(|c| c.0).collect()
}

fn user(name: &str) -> UserId {
    UserId(name.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_assigns_and_reassigns_many_files_in_one_action_and_sees_each_workload() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let cases = testkit::receive_files(&sam, "2024-AI", 12).await;

    let team = sam.team().await.unwrap();
    assert_eq!(team.unassigned, 12);
    let names: Vec<&str> = team.people.iter().map(|p| p.name.0.as_str()).collect();
    assert_eq!(names, ["ana", "bob", "sam"]);
    assert!(team.people.iter().all(|p| p.open == 0));

    // The unassigned files, in receipt order.
    let unassigned = sam.team_files(&TeamFilesOf::Unassigned).await.unwrap();
    assert_eq!(unassigned.len(), 12);
    assert_eq!(unassigned[0].file_number, "2024-AI-000000");
    assert!(
        unassigned
            .windows(2)
            .all(|w| w[0].received_at < w[1].received_at)
    );

    // Eight to ana in one action, recorded as sam's.
    let done = sam.assign(&ids(&cases[..8]), &user("ana")).await.unwrap();
    assert_eq!((done.assigned, done.unchanged), (8, 0));
    let anas = sam
        .team_files(&TeamFilesOf::Assignee(user("ana")))
        .await
        .unwrap();
    assert_eq!(anas.len(), 8);
    for f in &anas {
        assert_eq!(f.assigned_to, Some(user("ana")));
        assert_eq!(f.assigned_by, Some(user("sam")));
        assert!(f.assigned_at.is_some());
    }
    // Five of them to bob in one action; one bob already holds is left as it is.
    let five: Vec<_> = cases[..5].to_vec();
    sam.assign(&ids(&five[..1]), &user("bob")).await.unwrap();
    let done = sam.assign(&ids(&five), &user("bob")).await.unwrap();
    assert_eq!((done.assigned, done.unchanged), (4, 1));
    let team = sam.team().await.unwrap();
    let open = |name: &str| team.people.iter().find(|p| p.name.0 == name).unwrap().open;
    assert_eq!((open("ana"), open("bob")), (3, 5));
    assert_eq!(team.unassigned, 4);
    // bob's app receives the five; ana's is told each one left her.
    let bobs = server.signed_in("bob").await;
    let page = bobs.pull(None, 1000).await.unwrap();
    let received: std::collections::BTreeSet<_> = page
        .operations
        .iter()
        .filter(|o| matches!(&o.operation.change, oplog::Change::CaseAssigned { officer } if officer.0 == "bob"))
        .map(|o| o.operation.case_id)
        .collect();
    assert_eq!(received, five.iter().copied().collect());

    // An officer away receives nothing; all or none: no file moved.
    server.admin_ok(&["user", "away", "--name", "bob"], None);
    let refused = sam
        .assign(&ids(&cases[8..]), &user("bob"))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("away"), "{refused}");
    // The same rule for any assignment pushed from a laptop.
    let results = sam
        .push(&[testkit::assigned(cases[9], "bob")])
        .await
        .unwrap();
    assert!(
        matches!(&results[0].outcome, sync::PushOutcome::Rejected { code, .. } if code == sync::codes::REJECT_OFFICER_AWAY),
        "{results:?}"
    );
    // Not an officer: a supervisor, or nobody.
    let refused = sam
        .assign(&ids(&cases[8..]), &user("sam"))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("not an active officer"),
        "{refused}"
    );
    // A file the server does not hold: nothing is assigned.
    let mut with_unknown = cases[8..].to_vec();
    with_unknown.push(oplog::ids::CaseId::new());
    assert!(sam.assign(&ids(&with_unknown), &user("ana")).await.is_err());
    assert_eq!(sam.team().await.unwrap().unassigned, 4);
    // An officer may not assign, nor see the team.
    let ana = server.signed_in("ana").await;
    let refused = ana
        .assign(&ids(&cases[8..]), &user("ana"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), sync::codes::AUTH_FORBIDDEN);
    assert_eq!(
        ana.team().await.unwrap_err().code(),
        sync::codes::AUTH_FORBIDDEN
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_are_managed_from_the_app_by_whom_may_and_each_action_is_recorded() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let ana = server.signed_in("ana").await;

    // An officer may not mark anyone away nor set a role.
    assert_eq!(
        ana.set_away(&user("bob"), true).await.unwrap_err().code(),
        sync::codes::AUTH_FORBIDDEN
    );
    assert_eq!(
        ana.set_role(&user("bob"), Role::Supervisor)
            .await
            .unwrap_err()
            .code(),
        sync::codes::AUTH_FORBIDDEN
    );

    // sam marks bob away, then back; the team says so.
    sam.set_away(&user("bob"), true).await.unwrap();
    let team = sam.team().await.unwrap();
    assert!(team.people.iter().any(|p| p.name.0 == "bob" && p.away));
    sam.set_away(&user("bob"), false).await.unwrap();
    // Only officers are away; nobody sets their own role.
    assert!(sam.set_away(&user("sam"), true).await.is_err());
    assert!(sam.set_role(&user("sam"), Role::Officer).await.is_err());
    // sam makes ana a supervisor: it applies from her next request.
    sam.set_role(&user("ana"), Role::Supervisor).await.unwrap();
    assert_eq!(ana.session().await.unwrap().role, Role::Supervisor);
    ana.set_role(&user("ana"), Role::Officer).await.unwrap_err();
    ana.set_role(&user("bob"), Role::Supervisor).await.unwrap();
    sam.set_role(&user("bob"), Role::Officer).await.unwrap();

    // A password is reset by an administrator only; the user's sessions end.
    let bob = server.signed_in("bob").await;
    let refused = sam
        .reset_password(&user("bob"), "un-nouveau-mot")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), sync::codes::AUTH_FORBIDDEN);
    server.admin_ok(&["user", "admin", "--name", "sam"], None);
    assert!(sam.session().await.unwrap().administrator);
    assert!(
        sam.reset_password(&user("bob"), "court").await.is_err(),
        "too short"
    );
    sam.reset_password(&user("bob"), "un-nouveau-mot")
        .await
        .unwrap();
    assert_eq!(
        bob.session().await.unwrap_err().code(),
        sync::codes::AUTH_EXPIRED,
        "bob's session ended"
    );
    let mut again = server.client();
    assert!(again.login("bob", testkit::PASSWORD).await.is_err());
    again.login("bob", "un-nouveau-mot").await.unwrap();

    // Each action on record, newest first, with who did it; the password never.
    let events = sam.user_events().await.unwrap();
    let said: Vec<(String, String, UserAction)> = events
        .iter()
        .map(|e| (e.by.0.clone(), e.user.0.clone(), e.action))
        .collect();
    assert_eq!(
        said,
        [
            ("sam".into(), "bob".into(), UserAction::PasswordReset),
            ("sam".into(), "bob".into(), UserAction::RoleSet),
            ("ana".into(), "bob".into(), UserAction::RoleSet),
            ("sam".into(), "ana".into(), UserAction::RoleSet),
            ("sam".into(), "bob".into(), UserAction::Back),
            ("sam".into(), "bob".into(), UserAction::Away),
        ]
    );
    assert_eq!(events[1].role, Some(Role::Officer));
    let db = server.db.client().await;
    let text: String = db
        .query_one("SELECT string_agg(t::text, ' ') FROM user_events t", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!text.contains("un-nouveau-mot"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projection_is_written_with_each_state_and_rebuilt_when_the_server_starts() {
    let mut server = Server::start().await;
    let sam = server.signed_in("sam").await;
    testkit::receive_files(&sam, "2024-AI", 3).await;
    let projected = "SELECT count(*) FROM cases WHERE received_at IS NOT NULL AND projected = 1";
    assert_eq!(server.db.count(projected).await, 3);
    // A file stored before the projection existed is projected when the server starts.
    let db = server.db.client().await;
    db.execute(
        "UPDATE cases SET received_at = NULL, projected = NULL WHERE file_number = '2024-AI-000001'",
        &[],
    )
    .await
    .unwrap();
    assert_eq!(server.db.count(projected).await, 2);
    server.restart();
    assert_eq!(server.db.count(projected).await, 3);
}
