//! The viewer's back end without a window: the `dossier-page` scheme's answers (JPEG
//! with cache headers; clear statuses and text bodies on errors), document info, search
//! and dismissing a flag, over a real store with generated scans and the real worker.
//! Also: many page requests at once all get answered.

mod common;

use std::sync::Arc;

use common::{fixture, get, header_of, worker};
use dossier_app::documents;
use dossier_app::protocol::PageServer;
use store::{Actor, DocumentId, QualityFlagKind};
use tauri::http::{Request, StatusCode, header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_served_as_jpeg_with_cache_headers() {
    let f = fixture();
    let server = PageServer::new(f.store.clone(), worker());
    let r = server
        .respond(&get(&format!(
            "dossier-page://localhost/{}/1?w=640&view=1",
            f.colour
        )))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(r.body())
    );
    assert_eq!(header_of(&r, "content-type"), "image/jpeg");
    assert!(header_of(&r, "cache-control").contains("immutable"));
    assert_eq!(&r.body()[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
    let img = image::load_from_memory(r.body()).unwrap();
    assert_eq!(img.width(), 640);

    // Rotated a quarter turn: landscape. Windows' URL form and an encoded slash work too.
    let r = server
        .respond(&get(&format!(
            "http://dossier-page.localhost/{}%2F2?w=300&rot=90&purpose=thumb",
            f.colour
        )))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let img = image::load_from_memory(r.body()).unwrap();
    assert!(img.width() == 300 && img.height() < img.width());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_have_a_status_a_code_and_a_sentence() {
    let f = fixture();
    let server = PageServer::new(f.store.clone(), worker());
    let cases = [
        (
            format!("dossier-page://localhost/{}/1?w=640", f.corrupt),
            StatusCode::UNPROCESSABLE_ENTITY,
            "pdf.corrupt",
            "damaged",
        ),
        (
            format!("dossier-page://localhost/{}/1?w=640", f.locked),
            StatusCode::UNPROCESSABLE_ENTITY,
            "pdf.password_required",
            "password",
        ),
        (
            format!("dossier-page://localhost/{}/9?w=640", f.colour),
            StatusCode::NOT_FOUND,
            "pdf.page_out_of_range",
            "3 page(s)",
        ),
        (
            format!("dossier-page://localhost/{}/1?w=640", DocumentId::new()),
            StatusCode::NOT_FOUND,
            "store.document_not_found",
            "no document",
        ),
        (
            format!("dossier-page://localhost/{}/1", f.colour),
            StatusCode::BAD_REQUEST,
            "page.bad_request",
            "w is missing",
        ),
    ];
    for (uri, status, code, says) in cases {
        let r = server.respond(&get(&uri)).await;
        let body = String::from_utf8_lossy(r.body()).into_owned();
        assert_eq!(r.status(), status, "{uri}: {body}");
        assert_eq!(header_of(&r, "x-dossier-error"), code, "{uri}");
        assert!(header_of(&r, header::CONTENT_TYPE.as_str()).starts_with("text/plain"));
        assert_eq!(header_of(&r, "cache-control"), "no-store");
        assert!(body.contains(says), "{uri}: {body}");
    }
    let post = Request::post(format!("dossier-page://localhost/{}/1?w=64", f.colour))
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        server.respond(&post).await.status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_search_and_dismissal() {
    let f = fixture();
    let w = worker();
    let info = documents::info(f.store.clone(), &w, f.colour)
        .await
        .unwrap();
    assert_eq!(info.page_count, 3);
    assert_eq!(info.page_sizes.len(), 3);
    assert_eq!(info.document.file_name, "passeport.pdf");
    assert!(info.document.quality.is_some());

    let err = documents::info(f.store.clone(), &w, f.corrupt)
        .await
        .unwrap_err();
    assert_eq!(err.code, "pdf.corrupt");
    let err = documents::info(f.store.clone(), &w, f.locked)
        .await
        .unwrap_err();
    assert_eq!(err.code, "pdf.password_required");

    let hits = documents::search(f.store.clone(), &w, f.colour, "  tremblay ".into())
        .await
        .unwrap();
    assert!(!hits.hits.is_empty());
    let hit = &hits.hits[0];
    assert_eq!(hit.page, 1);
    let r = hit.rects[0];
    assert!(
        r.left >= 0.0 && r.top >= 0.0 && r.left + r.width <= 612.5 && r.top + r.height <= 792.5
    );
    let empty = documents::search(f.store.clone(), &w, f.colour, "   ".into())
        .await
        .unwrap_err();
    assert_eq!(empty.code, "viewer.empty_query");

    let officer = Actor::officer("agent.tremblay");
    let before = f.store.operation_count().unwrap();
    let view = documents::dismiss_flag(
        &f.store,
        &officer,
        f.colour,
        QualityFlagKind::NotInColour,
        "Original en noir et blanc".into(),
    )
    .unwrap();
    assert_eq!(view.dismissals.len(), 1);
    assert_eq!(view.dismissals[0].reason, "Original en noir et blanc");
    assert_eq!(f.store.operation_count().unwrap(), before + 1);
    let again = documents::dismiss_flag(
        &f.store,
        &officer,
        f.colour,
        QualityFlagKind::NotInColour,
        "encore".into(),
    )
    .unwrap_err();
    // Refused, and said in both languages.
    assert_eq!(again.code(), "casework.refused");
    assert!(
        again
            .reason()
            .is_some_and(|r| r.both().fr.contains("déjà écarté"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_page_requests_at_once_are_all_answered() {
    let f = fixture();
    let server = Arc::new(PageServer::new(f.store.clone(), worker()));
    let mut tasks = Vec::new();
    for t in 0..48u32 {
        let server = server.clone();
        let (colour, corrupt) = (f.colour, f.corrupt);
        tasks.push(tokio::spawn(async move {
            let doc = if t % 6 == 5 { corrupt } else { colour };
            let purpose = if t % 3 == 0 { "thumb" } else { "view" };
            // Odd tasks share one viewer, so some of them are superseded (409).
            let view = if t % 2 == 1 { "&view=42" } else { "" };
            let uri = format!(
                "dossier-page://localhost/{doc}/{}?w={}&purpose={purpose}{view}",
                1 + t % 3,
                120 + 40 * (t % 5)
            );
            server.respond(&get(&uri)).await.status()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let status = t.await.unwrap();
        assert!(
            [
                StatusCode::OK,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY
            ]
            .contains(&status),
            "{status}"
        );
        ok += usize::from(status == StatusCode::OK);
    }
    assert!(ok >= 20, "most requests render: {ok}");
}
