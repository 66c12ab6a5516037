//! The session token in a real Secret Service. Each test starts its own private D-Bus
//! session (`dbus-run-session`) with a real `gnome-keyring-daemon` unlocked inside it,
//! its keyring files under a temporary home, and runs the checks in a child process of
//! this test binary within that session. Without `dbus-run-session` or
//! `gnome-keyring-daemon` the tests fail and say what to install: they never pass
//! without a keyring. With no D-Bus at all, the credentials say clearly that there is
//! no keyring, and nothing is stored anywhere else.

use std::process::{Command, Output};

use keychain::{CredentialError, Credentials, StoreKeys};

const INNER: &str = "DOSSIER_KEYRING_TEST_INNER";
const SERVER: &str = "https://dossier.example:8443";

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

/// Runs the ignored test `name` of this binary in a child process: inside a private
/// D-Bus session with an unlocked GNOME Keyring (`with_keyring`), or with an address
/// where no bus listens.
fn run_inner(name: &str, with_keyring: bool) -> Output {
    let home = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut cmd = if with_keyring {
        for program in ["dbus-run-session", "gnome-keyring-daemon"] {
            assert!(
                which(program),
                "{program} is not installed: the keyring tests need a real Secret Service \
                 (Debian: apt-get install dbus gnome-keyring)"
            );
        }
        let mut c = Command::new("dbus-run-session");
        c.args([
            "--",
            "sh",
            "-c",
            "printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
             && exec \"$0\" --exact \"$1\" --ignored --nocapture --test-threads=1",
        ]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args([
            "-c",
            "exec \"$0\" --exact \"$1\" --ignored --nocapture --test-threads=1",
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/dossier-test-bus",
        );
        c
    };
    cmd.arg(&exe)
        .arg(name)
        .env(INNER, "1")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("DISPLAY")
        .env("NO_AT_BRIDGE", "1");
    if with_keyring {
        cmd.env_remove("DBUS_SESSION_BUS_ADDRESS");
    }
    let out = cmd.output().expect("starting the keyring test's child");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{name} failed inside its session:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `$HOME` (the keyring's own files included) that contains `needle`.
fn files_under_home_containing(needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(std::env::var_os("HOME").unwrap())];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if std::fs::read(&p).is_ok_and(|t| t.windows(needle.len()).any(|w| w == needle))
            {
                found.push(p);
            }
        }
    }
    found
}

/// Waits (at most 30 s) until the keyring just started in this session takes items:
/// `gnome-keyring-daemon --unlock` can return before its login collection is unlocked,
/// and a busy machine then sees "Cannot create an item in a locked collection". Every
/// two seconds the unlock is sent again to the running daemon (the first one can be
/// lost while the daemon is still starting, and then nothing would ever unlock it).
fn keyring_ready() {
    let probe = Credentials::with_service("dossier-test-ready");
    for attempt in 1..=300 {
        if probe.save_token("probe", "probe", "probe").is_ok() {
            probe.delete_token("probe", "probe").unwrap();
            return;
        }
        if attempt % 20 == 0 {
            let _ = Command::new("sh")
                .args([
                    "-c",
                    "printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null",
                ])
                .status();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the keyring started for this test never unlocked its collection");
}

fn inner_only() {
    assert!(
        std::env::var_os(INNER).is_some(),
        "run by another test of this file inside its own D-Bus session; not on its own"
    );
}

#[test]
fn the_token_is_kept_in_a_real_secret_service_and_sign_out_deletes_it() {
    run_inner("inner_token_round_trip", true);
}

#[test]
fn the_store_key_is_made_once_kept_in_a_real_secret_service_and_never_replaced() {
    run_inner("inner_store_key", true);
}

#[test]
fn with_no_keyring_at_all_the_app_says_so_and_keeps_nothing() {
    run_inner("inner_no_keyring", false);
}

#[test]
#[ignore = "run inside its own D-Bus session by the_token_is_kept_in_a_real_secret_service_and_sign_out_deletes_it"]
fn inner_token_round_trip() {
    inner_only();
    keyring_ready();
    let creds = Credentials::with_service("dossier-test");
    assert_eq!(creds.token(SERVER, "ana").unwrap(), None);
    creds.save_token(SERVER, "ana", "dsr_first").unwrap();
    creds.save_token(SERVER, "ana", "dsr_second").unwrap();
    creds.save_token(SERVER, "bob", "dsr_bob").unwrap();
    assert_eq!(
        creds.token(SERVER, "ana").unwrap().as_deref(),
        Some("dsr_second")
    );
    assert_eq!(
        creds.token("https://other.example", "ana").unwrap(),
        None,
        "one entry per server"
    );
    creds.delete_token(SERVER, "ana").unwrap();
    assert_eq!(creds.token(SERVER, "ana").unwrap(), None);
    assert_eq!(
        creds.token(SERVER, "bob").unwrap().as_deref(),
        Some("dsr_bob")
    );
    // Forgetting twice is not an error.
    creds.delete_token(SERVER, "ana").unwrap();
    // Nothing was written under the home directory but the keyring's own files.
    let found = files_under_home_containing(b"dsr_bob");
    assert!(found.is_empty(), "the token appears in clear in {found:?}");
}

#[test]
#[ignore = "run with no D-Bus by with_no_keyring_at_all_the_app_says_so_and_keeps_nothing"]
fn inner_no_keyring() {
    inner_only();
    let creds = Credentials::with_service("dossier-test");
    let err = creds.save_token(SERVER, "ana", "dsr_secret").unwrap_err();
    assert!(
        matches!(err, CredentialError::NoKeyring { .. }),
        "expected NoKeyring, got {err:?}"
    );
    assert_eq!(err.code(), "keyring.unavailable");
    let message = err.to_string();
    assert!(message.contains("no keyring is available"), "{message}");
    assert!(
        message.contains("does not store it anywhere else"),
        "{message}"
    );
    assert!(creds.token(SERVER, "ana").is_err());

    let dir = tempfile::tempdir().unwrap();
    let err = StoreKeys::with_service("dossier-test")
        .key_for(&dir.path().join("dossier.db"))
        .unwrap_err();
    assert!(matches!(err, CredentialError::NoKeyring { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("the key of your local store"), "{message}");
    assert!(
        !dir.path().join("dossier.db").exists(),
        "no store made without a key"
    );
}

#[test]
#[ignore = "run inside its own D-Bus session by the_store_key_is_made_once_kept_in_a_real_secret_service_and_never_replaced"]
fn inner_store_key() {
    inner_only();
    keyring_ready();
    let keys = StoreKeys::with_service("dossier-test");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");

    // A new store gets a new key, kept: asking again gives the same one.
    let key = keys.key_for(&path).unwrap();
    assert_eq!(keys.key_for(&path).unwrap(), key);
    assert_eq!(keys.existing_key(&path).unwrap(), key);
    let other = dir.path().join("other.db");
    assert_ne!(keys.key_for(&other).unwrap(), key, "one key per store");
    drop(store::Store::open(&path, &key).unwrap());

    // The key is nowhere in clear under the home directory (the keyring's own files
    // are encrypted with its password).
    let found = files_under_home_containing(key.to_hex().as_bytes());
    assert!(
        found.is_empty(),
        "the store key appears in clear in {found:?}"
    );

    // Once the store exists, a lost key is never replaced by a new one.
    keys.forget(&path).unwrap();
    let err = keys.key_for(&path).unwrap_err();
    assert!(
        matches!(err, CredentialError::StoreKeyMissing { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "keyring.store_key_missing");
    assert!(err.to_string().contains("cannot be"), "{err}");
    assert!(keys.existing_key(&path).is_err());
}
