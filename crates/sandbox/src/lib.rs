//! A faithful local emulator of Login with Amazon and the Ads account-management API.
//! Written from Amazon's spec on its own: it shares no API types with the client.
