//! The HTML alternative of an email, made from its plain text so the two never say different things.
//!
//! Accessible by construction: a language and a title, the subject as the one heading, paragraphs where the
//! text has blank lines, lists where lines start with "- " or "1. ", links with words for text ("Your
//! workspace: https://…" becomes a link named "Your workspace"), no images, no layout tables, and colours
//! with a contrast well above WCAG AA.

/// The whole HTML document for an email with `subject` and plain-text `body`.
pub fn from_text(subject: &str, body: &str) -> String {
    let mut html = String::with_capacity(body.len() * 2 + 600);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!("<title>{}</title>\n</head>\n", escape(subject)));
    html.push_str(
        "<body style=\"margin:0;padding:24px;background:#ffffff;color:#1f2328;\
         font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5\">\n",
    );
    html.push_str("<main style=\"max-width:40em\">\n");
    html.push_str(&format!(
        "<h1 style=\"font-size:20px;margin:0 0 16px\">{}</h1>\n",
        escape(subject)
    ));
    for block in blocks(body) {
        html.push_str(&block_html(&block));
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// Paragraphs: runs of non-empty lines.
fn blocks(body: &str) -> Vec<Vec<&str>> {
    let mut blocks = vec![Vec::new()];
    for line in body.lines() {
        if line.trim().is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if let Some(block) = blocks.last_mut() {
            block.push(line.trim_end());
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

fn block_html(lines: &[&str]) -> String {
    let bullet = |l: &&str| l.trim_start().starts_with("- ");
    let numbered = |l: &&str| numbered_item(l).is_some();
    // A heading line ("Your answers") followed by list items keeps its line as a paragraph of its own.
    let (lead, items) = match lines.split_first() {
        Some((first, rest))
            if !rest.is_empty() && (rest.iter().all(bullet) || rest.iter().all(numbered)) =>
        {
            (Some(*first), rest)
        }
        _ => (None, lines),
    };
    let mut html = String::new();
    if let Some(lead) = lead {
        html.push_str(&format!(
            "<p style=\"margin:0 0 4px\">{}</p>\n",
            inline(lead)
        ));
    }
    if items.iter().all(bullet) {
        html.push_str("<ul style=\"margin:0 0 16px;padding-left:24px\">\n");
        for line in items {
            let text = line.trim_start().trim_start_matches("- ");
            html.push_str(&format!("<li>{}</li>\n", inline(text)));
        }
        html.push_str("</ul>\n");
    } else if items.iter().all(numbered) {
        html.push_str("<ol style=\"margin:0 0 16px;padding-left:24px\">\n");
        for line in items {
            html.push_str(&format!(
                "<li>{}</li>\n",
                inline(numbered_item(line).unwrap_or(line))
            ));
        }
        html.push_str("</ol>\n");
    } else {
        let lines: Vec<String> = items.iter().map(|l| inline(l.trim())).collect();
        html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}</p>\n",
            lines.join("<br>\n")
        ));
    }
    html
}

/// The text of "1. Something" (any number), if the line is a numbered item.
fn numbered_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
}

/// One line: escaped, with its web addresses as links. "Label: https://…" is a link named "Label".
fn inline(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    if let Some((last, rest)) = words.split_last() {
        let label = rest.join(" ");
        if is_url(last) && label.ends_with(':') && !label.contains("http") {
            // The link is named by the last sentence before it: "… Your new workspace: https://…".
            let split = ['.', '?', '!']
                .iter()
                .filter_map(|end| label.rfind(&format!("{end} ")))
                .max()
                .map_or(0, |at| at + 2);
            let (before, name) = label.split_at(split);
            return format!(
                "{}{}",
                escape(before),
                link(last, name.trim_end_matches(':'))
            );
        }
    }
    words
        .iter()
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ')', ';']);
            if is_url(trimmed) {
                format!(
                    "{}{}",
                    link(trimmed, trimmed),
                    escape(&word[trimmed.len()..])
                )
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_url(word: &str) -> bool {
    (word.starts_with("https://") || word.starts_with("http://")) && word.len() > 8
}

fn link(url: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" style=\"color:#0a58ca;text-decoration:underline\">{}</a>",
        escape(url),
        escape(text)
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_named_links() {
        let html = from_text(
            "Meet your peer",
            "Hello Ana & Ben,\n\nYour workspace: https://m.example.edu/pairs\n\nStrengths:\n1. Listening\n2. Planning\n\nQuestions? See https://m.example.edu/help.",
        );
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<title>Meet your peer</title>"));
        assert!(html.contains("<p style=\"margin:0 0 16px\">Hello Ana &amp; Ben,</p>"));
        assert!(html.contains(">Your workspace</a>"));
        assert!(html.contains("href=\"https://m.example.edu/pairs\""));
        assert!(html.contains("<ol"));
        assert!(html.contains("<li>Planning</li>"));
        assert!(html.contains("<a href=\"https://m.example.edu/help\""));
        assert!(html.contains("</a>."));
    }

    #[test]
    fn a_link_is_named_by_the_sentence_just_before_it() {
        let html = from_text(
            "x",
            "Your peer is now Kwame. Your new workspace: https://m.example.edu/pairs",
        );
        assert!(html.contains("Your peer is now Kwame. <a href=\"https://m.example.edu/pairs\""));
        assert!(html.contains(">Your new workspace</a>"));
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let html = from_text("<b>", "<script>alert(1)</script>\n\"quoted\"");
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn a_javascript_address_is_never_a_link() {
        let html = from_text("x", "Click: javascript:alert(1)");
        assert!(!html.contains("href"));
    }
}
