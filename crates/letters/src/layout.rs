//! Laying a letter out on pages: US Letter paper (the size used in Québec), one-inch
//! margins, 11-point text. Lines are wrapped at spaces (a no-break space never breaks;
//! a word wider than the line is cut), paragraphs are spaced, list items get a bullet
//! and a hanging indent, and a line that does not fit goes to the next page (the subject
//! line is kept with the line after it). Every page gets a footer with the file number
//! and "page N of M".

use program::Language;

use crate::error::LetterError;
use crate::font::Style;
use crate::text::{Paragraph, RenderedLetter};

/// US Letter, in points.
pub(crate) const PAGE_WIDTH: f32 = 612.0;
pub(crate) const PAGE_HEIGHT: f32 = 792.0;
const MARGIN_X: f32 = 72.0;
const MARGIN_TOP: f32 = 64.0;
const MARGIN_BOTTOM: f32 = 72.0;
const BODY_SIZE: f32 = 11.0;
const BODY_LEADING: f32 = 14.5;
const HEADING_SIZE: f32 = 11.5;
const HEADING_LEADING: f32 = 15.0;
const PARAGRAPH_GAP: f32 = 9.0;
const BULLET_INDENT: f32 = 16.0;
const BULLET: &str = "•";
const FOOTER_SIZE: f32 = 8.0;
const FOOTER_Y: f32 = 40.0;

/// A run of text at a position (x, baseline y), in one style and size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub x: f32,
    pub y: f32,
    pub style: Style,
    pub size: f32,
    pub text: String,
}

/// One page's text runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub runs: Vec<Placed>,
}

/// A line to place: its runs relative to the left margin, and its height.
struct Line {
    runs: Vec<(f32, Style, f32, String)>,
    leading: f32,
}

/// Lays the letter out on as many pages as it needs.
pub(crate) fn lay_out(letter: &RenderedLetter) -> Result<Vec<Page>, LetterError> {
    let width = PAGE_WIDTH - 2.0 * MARGIN_X;
    // Each paragraph becomes lines; `keep_with_next` holds the subject line to the
    // paragraph after it.
    let mut blocks: Vec<(Vec<Line>, bool)> = Vec::new();
    for paragraph in &letter.paragraphs {
        match paragraph {
            Paragraph::Heading(text) => {
                let lines = wrap(text, Style::Bold, HEADING_SIZE, width)?
                    .into_iter()
                    .map(|l| Line {
                        runs: vec![(0.0, Style::Bold, HEADING_SIZE, l)],
                        leading: HEADING_LEADING,
                    })
                    .collect();
                blocks.push((lines, true));
            }
            Paragraph::Lines(lines) => {
                let mut out = Vec::new();
                for line in lines {
                    for l in wrap(line, Style::Regular, BODY_SIZE, width)? {
                        out.push(Line {
                            runs: vec![(0.0, Style::Regular, BODY_SIZE, l)],
                            leading: BODY_LEADING,
                        });
                    }
                }
                blocks.push((out, false));
            }
            Paragraph::Bullets(items) => {
                let mut out = Vec::new();
                for item in items {
                    for (i, l) in wrap(item, Style::Regular, BODY_SIZE, width - BULLET_INDENT)?
                        .into_iter()
                        .enumerate()
                    {
                        let mut runs = Vec::new();
                        if i == 0 {
                            runs.push((4.0, Style::Regular, BODY_SIZE, BULLET.to_owned()));
                        }
                        runs.push((BULLET_INDENT, Style::Regular, BODY_SIZE, l));
                        out.push(Line {
                            runs,
                            leading: BODY_LEADING,
                        });
                    }
                }
                blocks.push((out, false));
            }
        }
    }

    let top = PAGE_HEIGHT - MARGIN_TOP;
    let mut pages = vec![Page::default()];
    let mut y = top;
    let mut first_on_page = true;
    for (index, (lines, keep_with_next)) in blocks.iter().enumerate() {
        if !first_on_page {
            y -= PARAGRAPH_GAP;
        }
        // Room needed before this block may start: its first line, and for a subject
        // line the whole subject plus the next block's first line.
        let mut needed = lines.first().map_or(0.0, |l| l.leading);
        if *keep_with_next {
            needed = lines.iter().map(|l| l.leading).sum::<f32>()
                + blocks
                    .get(index + 1)
                    .and_then(|(next, _)| next.first())
                    .map_or(0.0, |l| PARAGRAPH_GAP + l.leading);
        }
        if !first_on_page && y - needed < MARGIN_BOTTOM {
            pages.push(Page::default());
            y = top;
        }
        for line in lines {
            if y - line.leading < MARGIN_BOTTOM && !pages.last().is_none_or(|p| p.runs.is_empty()) {
                pages.push(Page::default());
                y = top;
            }
            y -= line.leading;
            let page = pages.last_mut().expect("at least one page");
            for (dx, style, size, text) in &line.runs {
                page.runs.push(Placed {
                    x: MARGIN_X + dx,
                    y,
                    style: *style,
                    size: *size,
                    text: text.clone(),
                });
            }
        }
        first_on_page = pages.last().is_none_or(|p| p.runs.is_empty());
    }

    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let (left, right) = footer(letter, i + 1, count);
        page.runs.push(Placed {
            x: MARGIN_X,
            y: FOOTER_Y,
            style: Style::Regular,
            size: FOOTER_SIZE,
            text: left,
        });
        let w = Style::Regular.font().width(&right, FOOTER_SIZE)?;
        page.runs.push(Placed {
            x: PAGE_WIDTH - MARGIN_X - w,
            y: FOOTER_Y,
            style: Style::Regular,
            size: FOOTER_SIZE,
            text: right,
        });
    }
    Ok(pages)
}

fn footer(letter: &RenderedLetter, page: usize, count: usize) -> (String, String) {
    match letter.language {
        Language::Fr => (
            format!("Dossier {}", letter.file_number),
            format!("Page {page} de {count}"),
        ),
        Language::En => (
            format!("File {}", letter.file_number),
            format!("Page {page} of {count}"),
        ),
    }
}

/// Breaks `text` into lines no wider than `width` at `size` points: at spaces, and
/// inside a word only when the word alone is too wide.
pub(crate) fn wrap(
    text: &str,
    style: Style,
    size: f32,
    width: f32,
) -> Result<Vec<String>, LetterError> {
    let font = style.font();
    let space = font.width(" ", size)?;
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut current_width = 0.0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = font.width(word, size)?;
        if !current.is_empty() && current_width + space + w <= width {
            current.push(' ');
            current.push_str(word);
            current_width += space + w;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if w <= width {
            current = word.to_owned();
            current_width = w;
            continue;
        }
        // A word wider than the line: cut it where it overflows.
        current_width = 0.0;
        for c in word.chars() {
            let cw = font.width(c.encode_utf8(&mut [0; 4]), size)?;
            if !current.is_empty() && current_width + cw > width {
                lines.push(std::mem::take(&mut current));
                current_width = 0.0;
            }
            current.push(c);
            current_width += cw;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::LetterKind;

    fn letter(paragraphs: Vec<Paragraph>) -> RenderedLetter {
        RenderedLetter {
            kind: LetterKind::MissingItemsRequest,
            language: Language::Fr,
            file_number: "AI-1".into(),
            title: "T".into(),
            paragraphs,
        }
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let text = "Vous disposez de 60 jours pour nous transmettre ces éléments, soit au plus tard le 23 janvier 2027.";
        let lines = wrap(text, Style::Regular, 11.0, 200.0).unwrap();
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(
                Style::Regular.font().width(l, 11.0).unwrap() <= 200.0,
                "{l}"
            );
        }
    }

    #[test]
    fn never_breaks_at_a_no_break_space_and_cuts_overlong_words() {
        let amount = "1\u{a0}234\u{a0}567,89\u{a0}$";
        let lines = wrap(&format!("Montant : {amount}"), Style::Regular, 11.0, 90.0).unwrap();
        assert!(lines.iter().any(|l| l == amount), "{lines:?}");
        let long = "x".repeat(200);
        let lines = wrap(&long, Style::Regular, 11.0, 100.0).unwrap();
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        assert_eq!(wrap("", Style::Regular, 11.0, 100.0).unwrap(), vec![""]);
    }

    #[test]
    fn long_letters_flow_onto_more_pages_with_numbered_footers() {
        let items: Vec<String> = (1..=120).map(|i| format!("Document numéro {i}")).collect();
        let pages = lay_out(&letter(vec![
            Paragraph::Heading("Objet".into()),
            Paragraph::Bullets(items),
        ]))
        .unwrap();
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for (i, page) in pages.iter().enumerate() {
            let footer = format!("Page {} de {}", i + 1, pages.len());
            assert!(page.runs.iter().any(|r| r.text == footer), "{footer}");
            for run in &page.runs {
                assert!(run.y >= FOOTER_Y && run.y <= PAGE_HEIGHT - MARGIN_TOP);
                if run.y > FOOTER_Y {
                    assert!(run.y >= MARGIN_BOTTOM, "{run:?}");
                }
            }
        }
    }

    #[test]
    fn a_subject_line_is_never_the_last_line_of_a_page() {
        // Fill the first page almost to the bottom, then a subject and a paragraph.
        let filler: Vec<String> = (0..42).map(|i| format!("ligne {i}")).collect();
        let pages = lay_out(&letter(vec![
            Paragraph::Lines(filler),
            Paragraph::Heading("Objet : sujet".into()),
            Paragraph::Lines(vec!["Corps".into()]),
        ]))
        .unwrap();
        let page_of = |text: &str| {
            pages
                .iter()
                .position(|p| p.runs.iter().any(|r| r.text == text))
                .unwrap()
        };
        assert_eq!(page_of("Objet : sujet"), page_of("Corps"));
    }
}
