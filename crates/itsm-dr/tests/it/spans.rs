use itsm_dr::Error;
use itsm_dr::model::Objectives;
use itsm_dr::span::{Loss, Span, SpanRange};

#[test]
fn spans_parse_long_and_short_forms() {
    for (text, secs) in [
        ("15 minutes", 900),
        ("15m", 900),
        ("1 minute", 60),
        ("2 hours", 7200),
        ("2h", 7200),
        ("24 hours", 86_400),
        ("30 days", 2_592_000),
        ("90s", 90),
        ("1 week", 604_800),
        (" 4 Hours ", 14_400),
    ] {
        assert_eq!(text.parse::<Span>().unwrap().seconds(), secs, "{text}");
    }
    assert_eq!("4h".parse::<Span>().unwrap().to_string(), "4h");
    assert_eq!("90 minutes".parse::<Span>().unwrap().to_string(), "90m");
    assert_eq!("36 hours".parse::<Span>().unwrap().to_string(), "36h");
    assert_eq!("61s".parse::<Span>().unwrap().to_string(), "61s");
}

#[test]
fn zero_negative_and_malformed_durations_are_typed_errors() {
    assert!(matches!(
        "0 minutes".parse::<Span>(),
        Err(Error::ZeroDuration { .. })
    ));
    assert!(matches!(
        "-5m".parse::<Span>(),
        Err(Error::NegativeDuration { .. })
    ));
    assert!(matches!(
        "-5m".parse::<Loss>(),
        Err(Error::NegativeDuration { .. })
    ));
    assert_eq!("0s".parse::<Loss>().unwrap(), Loss::ZERO);
    for bad in [
        "",
        "m",
        "5 fortnights",
        "five minutes",
        "5.5h",
        "99999999999999999999d",
    ] {
        assert!(
            matches!(bad.parse::<Span>(), Err(Error::MalformedDuration { .. })),
            "{bad}"
        );
    }
    assert!(matches!(
        "30-15 minutes".parse::<SpanRange>(),
        Err(Error::InvertedRange { .. })
    ));
    assert!(matches!(
        "-15-30 minutes".parse::<SpanRange>(),
        Err(Error::NegativeDuration { .. })
    ));
    assert!(Span::from_seconds(0).is_err());
    assert!(Span::minutes(u64::MAX).is_err());
    let message = "-5m".parse::<Span>().unwrap_err().to_string();
    assert!(message.contains("`-5m`"), "{message}");
}

#[test]
fn ranges_count_their_upper_bound() {
    let r: SpanRange = "15-30 minutes".parse().unwrap();
    assert_eq!((r.lower().seconds(), r.upper().seconds()), (900, 1800));
    let r: SpanRange = "2 hours - 6 hours".parse().unwrap();
    assert_eq!(r.upper().seconds(), 6 * 3600);
    let r: SpanRange = "45m".parse().unwrap();
    assert_eq!(r.lower(), r.upper());
    assert_eq!(
        "2-4 hours".parse::<SpanRange>().unwrap().to_string(),
        "2h-4h"
    );
}

#[test]
fn json_refuses_zero_and_negative_durations() {
    let ok: Objectives = serde_json::from_str(r#"{"rto":"15 minutes","rpo":300}"#).unwrap();
    assert_eq!((ok.rto.seconds(), ok.rpo.seconds()), (900, 300));
    assert_eq!(
        serde_json::to_string(&ok).unwrap(),
        r#"{"rto":"15m","rpo":"5m"}"#
    );
    for bad in [
        r#"{"rto":"0m","rpo":"5m"}"#,
        r#"{"rto":"-15m","rpo":"5m"}"#,
        r#"{"rto":-900,"rpo":"5m"}"#,
        r#"{"rto":0,"rpo":"5m"}"#,
        r#"{"rto":"soon","rpo":"5m"}"#,
    ] {
        let err = serde_json::from_str::<Objectives>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("zero") || err.contains("negative") || err.contains("not a duration"),
            "{bad}: {err}"
        );
    }
    let loss: Loss = serde_json::from_str("0").unwrap();
    assert_eq!(loss, Loss::ZERO);
    assert!(serde_json::from_str::<Loss>("-1").is_err());
}

proptest::proptest! {
    #[test]
    fn any_text_parses_or_errors_without_panicking(s in "\\PC{0,24}") {
        let _ = s.parse::<Span>();
        let _ = s.parse::<SpanRange>();
        let _ = s.parse::<Loss>();
    }

    #[test]
    fn display_round_trips(secs in 1u64..10_000_000_000) {
        let span = Span::from_seconds(secs).unwrap();
        proptest::prop_assert_eq!(span.to_string().parse::<Span>().unwrap(), span);
        let loss = Loss::from_seconds(secs - 1);
        proptest::prop_assert_eq!(loss.to_string().parse::<Loss>().unwrap(), loss);
    }
}

#[test]
fn the_longest_spans_convert_to_chrono_without_panicking() {
    let longest = Span::from_seconds(u64::MAX).unwrap();
    assert_eq!(longest.to_duration(), chrono::TimeDelta::MAX);
    let year = Span::from_seconds(31_536_000).unwrap();
    assert_eq!(year.to_duration(), chrono::TimeDelta::days(365));
}
