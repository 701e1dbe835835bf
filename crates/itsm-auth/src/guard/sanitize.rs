//! XSS prevention (seed layer 3): escaping for plain-text fields and, with
//! the `html` feature, an allow-list sanitiser for rich-text ticket fields.
//!
//! Every field that is plain text (titles, names, comments without markup)
//! goes through [`escape_html`] wherever it is written into HTML: `&`, `<`,
//! `>`, `"` and `'` become character references (OWASP XSS Prevention Cheat
//! Sheet, rule 1), so stored text can never become markup.
//!
//! Rich-text fields (a description written in an editor) are sanitised with
//! [`sanitize_rich_text`] before they are stored: the HTML is parsed the way
//! browsers parse it (ammonia, on html5ever) and only an allow-list survives:
//! paragraphs and line breaks, emphasis, headings, lists, quotes, code,
//! tables and links. Scripts, styles, frames, forms, images, event-handler
//! attributes, `style` and `class` attributes and every URL scheme but
//! `http`, `https` and `mailto` are removed; links get
//! `rel="noopener noreferrer nofollow"`.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::guard::sanitize::escape_html;
//!
//! assert_eq!(escape_html(r#"<img src=x onerror="alert(1)">"#), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
//! ```
//!
//! With the `html` feature:
//!
//! ```
//! # #[cfg(feature = "html")] {
//! use itsm_auth::guard::sanitize::sanitize_rich_text;
//!
//! let stored = sanitize_rich_text(r#"<p onclick="steal()">Printer <strong>jammed</strong><script>alert(1)</script></p>"#);
//! assert_eq!(stored, "<p>Printer <strong>jammed</strong></p>");
//! # }
//! ```

/// Escapes text for use in HTML element content and quoted attribute
/// values.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(feature = "html")]
mod rich {
    use std::sync::OnceLock;

    /// The elements rich text may keep.
    pub(super) const TAGS: &[&str] = &[
        "a",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ];

    /// The URL schemes links may use.
    pub(super) const SCHEMES: &[&str] = &["http", "https", "mailto"];

    pub(super) fn builder() -> &'static ammonia::Builder<'static> {
        static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
        BUILDER.get_or_init(|| {
            let mut b = ammonia::Builder::empty();
            b.add_tags(TAGS);
            b.add_tag_attributes("a", ["href", "title"]);
            b.add_tag_attributes("td", ["colspan", "rowspan"]);
            b.add_tag_attributes("th", ["colspan", "rowspan", "scope"]);
            b.add_tag_attributes("ol", ["start"]);
            let other_schemes: Vec<&str> = b
                .clone_url_schemes()
                .into_iter()
                .filter(|s| !SCHEMES.contains(s))
                .collect();
            b.rm_url_schemes(&other_schemes);
            b.add_url_schemes(SCHEMES);
            let generic: Vec<&str> = b.clone_generic_attributes().into_iter().collect();
            b.rm_generic_attributes(&generic);
            b.link_rel(Some("noopener noreferrer nofollow"));
            b.strip_comments(true);
            b
        })
    }
}

/// Sanitises a rich-text field to the allow-list in the module docs.
/// Text content is kept (escaped where needed); what is not allowed is
/// removed, and the content of `script` and `style` elements with it.
#[cfg(feature = "html")]
#[must_use]
pub fn sanitize_rich_text(html: &str) -> String {
    rich::builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape_html("a & b < c > d \" e ' f"),
            "a &amp; b &lt; c &gt; d &quot; e &#x27; f"
        );
        assert_eq!(escape_html("plain, ünïcode, 日本"), "plain, ünïcode, 日本");
        assert_eq!(escape_html(""), "");
        for payload in super::tests_payloads::XSS {
            let escaped = escape_html(payload);
            assert!(
                !escaped.contains('<') && !escaped.contains('>') && !escaped.contains('"'),
                "{escaped}"
            );
        }
    }

    /// Every tag in sanitised output: text is escaped, so each raw `<`
    /// opens a tag.
    #[cfg(feature = "html")]
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|rest| {
                rest.split('>')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            })
            .collect()
    }

    #[cfg(feature = "html")]
    #[test]
    fn known_xss_payloads_lose_every_script_vector() {
        for payload in super::tests_payloads::XSS {
            let clean = sanitize_rich_text(payload);
            for tag in tags(&clean) {
                let body = tag.trim_start_matches('/');
                let (name, attrs) = body.split_once(' ').unwrap_or((body, ""));
                assert!(
                    rich::TAGS.contains(&name),
                    "{payload:?} -> {clean:?}: tag {name:?}"
                );
                // The serialiser writes `key="value"` pairs, values quoted.
                for pair in attrs
                    .split_terminator("\" ")
                    .map(|p| p.trim().trim_end_matches('"'))
                {
                    let (key, value) = pair.split_once("=\"").unwrap_or((pair, ""));
                    assert!(
                        [
                            "href", "title", "rel", "colspan", "rowspan", "scope", "start"
                        ]
                        .contains(&key),
                        "{payload:?} -> {clean:?}: attribute {key:?}"
                    );
                    if key == "href" {
                        let url = value;
                        assert!(
                            ["http:", "https:", "mailto:"]
                                .iter()
                                .any(|s| url.starts_with(s))
                                || !url.contains(':'),
                            "{payload:?} -> {clean:?}: href {url:?}"
                        );
                    }
                }
            }
            // And nothing executable is left in the text either.
            assert!(!clean.contains("<script"), "{clean}");
        }
    }

    #[cfg(feature = "html")]
    #[test]
    fn safe_formatting_is_kept() {
        let cases = [
            (
                "<p>Hello <strong>bold</strong> and <em>italic</em></p>",
                "<p>Hello <strong>bold</strong> and <em>italic</em></p>",
            ),
            (
                "<ul><li>one</li><li>two</li></ul>",
                "<ul><li>one</li><li>two</li></ul>",
            ),
            (
                "<pre><code>ping -c 4 10.0.0.1</code></pre>",
                "<pre><code>ping -c 4 10.0.0.1</code></pre>",
            ),
            (
                "<h2>Steps</h2><ol start=\"3\"><li>x</li></ol>",
                "<h2>Steps</h2><ol start=\"3\"><li>x</li></ol>",
            ),
            (
                "<a href=\"https://status.example.com/?id=1&amp;x=2\">status</a>",
                "<a href=\"https://status.example.com/?id=1&amp;x=2\" rel=\"noopener noreferrer nofollow\">status</a>",
            ),
            (
                "<a href=\"mailto:desk@example.com\">mail</a>",
                "<a href=\"mailto:desk@example.com\" rel=\"noopener noreferrer nofollow\">mail</a>",
            ),
            (
                "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>",
                "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>",
            ),
            ("5 &lt; 6 &amp; 7 &gt; 3", "5 &lt; 6 &amp; 7 &gt; 3"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize_rich_text(input), expected, "{input}");
        }
        // Links with other schemes keep their text, lose the link.
        assert_eq!(
            sanitize_rich_text("<a href=\"ftp://x/y\">file</a>"),
            "<a rel=\"noopener noreferrer nofollow\">file</a>"
        );
        // Unclosed markup is closed, as a browser would.
        assert_eq!(
            sanitize_rich_text("<p><strong>open"),
            "<p><strong>open</strong></p>"
        );
    }
}

#[cfg(test)]
mod tests_payloads {
    /// Payloads after the OWASP XSS Filter Evasion Cheat Sheet and common
    /// stored-XSS reports: script elements, event handlers, URL schemes in
    /// many spellings, SVG and `MathML`, CSS, meta refresh, form actions.
    pub(super) const XSS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(1)\">",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"  javascript:alert(1)\">click</a>",
        "<a href=\"jav\tascript:alert(1)\">click</a>",
        "<a href=\"&#106;avascript:alert(1)\">click</a>",
        "<a href=\"vbscript:msgbox(1)\">click</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"expression(alert(1))\">x</p>",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<link rel=stylesheet href=http://evil.example/x.css>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<p onmouseover=\"alert(1)\">hover</p>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<!--<img src=x onerror=alert(1)>-->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    ];
}
