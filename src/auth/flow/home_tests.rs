//! Tests of `auth::flow`: the app's home URL from the page and the callback.

use super::*;

#[test]
fn home_strips_page_and_callback() {
    let u = |s: &str| Url::parse(s).unwrap();
    assert_eq!(
        home_url(&u(
            "https://me.github.io/fitdata/redirect.html?code=x&state=y#_=_"
        )),
        "https://me.github.io/fitdata/"
    );
    assert_eq!(
        home_url(&u("http://127.0.0.1:8080/?code=x")),
        "http://127.0.0.1:8080/"
    );
    assert_eq!(
        home_url(&u("http://127.0.0.1:8080/index.html#access_token=t")),
        "http://127.0.0.1:8080/"
    );
}
