//! An S3-compatible bucket for the tests of the server's S3 blob backend: moto's
//! standalone server (installed by `scripts/install-moto.sh` under `.tools/moto`, or
//! `DOSSIER_TEST_MOTO_SERVER`), started on a free loopback port for one test and stopped
//! when the [`S3Bucket`] is dropped. It speaks the S3 HTTP API, so the server's real
//! object_store client (signed requests, multipart uploads, ranged reads) runs unchanged.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running S3-compatible server with one empty bucket.
#[derive(Debug)]
pub struct S3Bucket {
    child: Child,
    /// `http://127.0.0.1:<port>`
    pub endpoint: String,
    pub bucket: String,
    addr: String,
}

fn moto_server() -> PathBuf {
    if let Some(p) = std::env::var_os("DOSSIER_TEST_MOTO_SERVER") {
        return PathBuf::from(p);
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bin = repo.join(".tools/moto/bin/moto_server");
    assert!(
        bin.is_file(),
        "the S3-compatible test server is not installed at {}: run `bash scripts/install-moto.sh` \
         (scripts/test.sh does), or set DOSSIER_TEST_MOTO_SERVER",
        bin.display()
    );
    bin
}

impl S3Bucket {
    /// Starts the server and creates the bucket `bucket`.
    pub fn start(bucket: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(moto_server())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto_server");
        let mut s3 = S3Bucket {
            child,
            endpoint: format!("http://{addr}"),
            bucket: bucket.to_owned(),
            addr,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(&s3.addr).is_err() {
            if let Ok(Some(status)) = s3.child.try_wait() {
                panic!("moto_server exited at start: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen on {} within 30 s",
                s3.addr
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let (status, body) = s3.request("PUT", &format!("/{bucket}"));
        assert_eq!(status, 200, "creating the bucket: {body}");
        s3
    }

    /// The environment that points `dossier-server` at this bucket.
    pub fn server_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DOSSIER_SERVER_BLOBS_BACKEND", "s3".to_owned()),
            ("DOSSIER_SERVER_BLOBS_S3_BUCKET", self.bucket.clone()),
            ("DOSSIER_SERVER_BLOBS_S3_ENDPOINT", self.endpoint.clone()),
            ("DOSSIER_SERVER_BLOBS_S3_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", "dossier-test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "dossier-test-secret".to_owned()),
        ]
    }

    /// The keys of the objects in the bucket (one `ListObjectsV2` page).
    pub fn keys(&self) -> Vec<String> {
        let (status, body) = self.request("GET", &format!("/{}?list-type=2", self.bucket));
        assert_eq!(status, 200, "listing the bucket: {body}");
        body.split("<Key>")
            .skip(1)
            .filter_map(|s| s.split("</Key>").next())
            .map(str::to_owned)
            .collect()
    }

    /// One plain HTTP/1.1 request without a body: (status, body).
    fn request(&self, method: &str, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connecting to moto_server");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("sending the request");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("reading the answer");
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for S3Bucket {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
