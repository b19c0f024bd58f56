mod campaign_page;
mod campaigns_page;

pub use campaign_page::CampaignPage;
pub use campaigns_page::CampaignsPage;
