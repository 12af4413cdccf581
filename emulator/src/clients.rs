//! The OAuth clients the emulator knows: the app's web clients on both sides, and a Fitbit
//! "personal" client (a confidential one, with a secret) for scripts.

/// The OAuth clients registered in the emulator, as `config.json` names them.
pub const GOOGLE_CLIENT_ID: &str = "emulator-web-client.apps.googleusercontent.com";
pub const GOOGLE_CLIENT_SECRET: &str = "GOCSPX-emulator-secret";
pub const FITBIT_CLIENT_ID: &str = "23EMUL";
/// A "Personal"-type Fitbit app (Basic auth, intraday allowed), for tests of that path.
pub const FITBIT_PERSONAL_ID: &str = "23PERS";
pub const FITBIT_PERSONAL_SECRET: &str = "0123456789abcdef0123456789abcdef";
