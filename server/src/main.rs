use clap::Parser;
use server::{
    StartError, accounts, build_app,
    config::{Cli, Command, Config},
    demo, open_database, serve,
};
use std::{io::BufRead, process::ExitCode};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => run(&cli.config).await,
        Command::Migrate => open_database(&cli.config).await.map(|_| {
            println!("The database schema is up to date.");
        }),
        Command::CreateAdmin { email, name } => create_admin(&cli.config, &email, &name).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: &Config) -> Result<(), StartError> {
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.site_addr,
            source,
        })?;
    let db = open_database(config).await?;
    let demo_ready = if config.demo {
        demo::seed_if_empty(&db)
            .await
            .map_err(StartError::Account)?;
        demo::admin_exists(&db).await.map_err(StartError::Account)?
    } else {
        false
    };
    let has_people = accounts::any_accounts(&db)
        .await
        .map_err(StartError::Account)?;
    let router = build_app(config, db).await?;
    let url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.site_addr));
    println!("Wellspring is running at {url}");
    if demo_ready {
        println!(
            "Demo workspace: sign in as {} with the password {}",
            demo::ADMIN_EMAIL,
            demo::PASSWORD
        );
    } else if !has_people {
        println!("No accounts yet. Create the first admin with:");
        println!("  server create-admin --email you@example.com --name \"Your Name\"");
    }
    serve(listener, router).await.map_err(StartError::Serve)
}

async fn create_admin(config: &Config, email: &str, name: &str) -> Result<(), StartError> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(StartError::Input)?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let db = open_database(config).await?;
    let admin = accounts::create_admin(&db, email, name, password)
        .await
        .map_err(StartError::Account)?;
    println!("Created admin {} <{}>.", admin.name, admin.email);
    Ok(())
}
