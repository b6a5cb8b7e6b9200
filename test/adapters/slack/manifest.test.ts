// The manifest operators paste must grant what the code uses; a missing scope or event only shows in production.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ADMIN_COMMAND, ASK_COMMAND, DOCENT_COMMAND } from "../../../src/adapters/slack/listeners/index.js";

interface Manifest {
  features: { slash_commands: Array<{ command: string }>; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(
  readFileSync(new URL("../../../src/adapters/slack/slack-app-manifest.yml", import.meta.url), "utf8"),
) as Manifest;

describe("slack-app-manifest.yml", () => {
  it("declares the slash commands the app listens for", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([ASK_COMMAND, ADMIN_COMMAND, DOCENT_COMMAND]);
  });

  it("subscribes to mentions and to the message events that carry DMs and thread follow-ups", () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["app_mention", "message.channels", "message.groups", "message.im"]),
    );
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it("grants the scopes for every Web API method the adapter calls", () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["commands", "app_mentions:read", "chat:write", "reactions:write", "channels:history", "im:history"]),
    );
  });

  it("enables interactivity for the buttons, and Socket Mode as the default transport", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
