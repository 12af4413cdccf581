//! `fitdata-emulator`: starts the emulator, prints its origins as one JSON line, runs until
//! Ctrl-C (or until stdin closes with `--exit-on-stdin-close`, so a parent's death stops it).

use fitdata_emulator::{start, Host, Options};
use std::process::ExitCode;

const USAGE: &str = "usage: fitdata-emulator [--port HOST=PORT]... [--app-dir DIR] [--app-base /path/] [--seed N] [--zone IANA] [--exit-on-stdin-close]
  --zone sets the person's home time zone (default Europe/Berlin; e.g. America/Los_Angeles)
  HOST is one of accounts_google, oauth2_googleapis, health_googleapis, www_fitbit, api_fitbit, control, app
  PORT 0 (the default) picks a free port. The chosen origins are printed as one JSON line.";

fn parse_args() -> Result<(Options, bool), String> {
    let mut options = Options::default();
    let mut exit_on_stdin_close = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                let v = value("--port")?;
                let (name, port) = v
                    .split_once('=')
                    .ok_or(format!("--port wants HOST=PORT, got {v}"))?;
                let host = Host::ALL
                    .into_iter()
                    .find(|h| h.name() == name)
                    .ok_or(format!("unknown host {name}"))?;
                let port: u16 = port.parse().map_err(|_| format!("bad port {port}"))?;
                options.ports.retain(|(h, _)| *h != host);
                options.ports.push((host, port));
            }
            "--app-dir" => options.app_dir = Some(value("--app-dir")?.into()),
            "--app-base" => options.app_base = value("--app-base")?,
            "--seed" => {
                options.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "bad --seed".to_string())?
            }
            "--zone" => {
                let v = value("--zone")?;
                options.zone = Some(v.parse().map_err(|_| format!("unknown IANA zone {v}"))?);
            }
            "--exit-on-stdin-close" => exit_on_stdin_close = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((options, exit_on_stdin_close))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (options, exit_on_stdin_close) = match parse_args() {
        Ok(v) => v,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("fitdata-emulator: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = match start(options).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fitdata-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    match serde_json::to_string(&running.origins) {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("fitdata-emulator: {e}");
            return ExitCode::FAILURE;
        }
    }
    let stdin_closed = async {
        if exit_on_stdin_close {
            use tokio::io::AsyncReadExt;
            let mut buf = [0u8; 64];
            let mut stdin = tokio::io::stdin();
            while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = stdin_closed => {}
    }
    ExitCode::SUCCESS
}
