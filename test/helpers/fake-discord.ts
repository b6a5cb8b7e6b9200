// A small fake Discord on loopback for driving the real discord.js client: a node:http server for the REST API
// (under /api/v10) and a `ws` gateway. It keeps just enough state (channels, messages, threads) for the adapter's
// flows, dispatches what real Discord would (including the bot's own messages back to it), and records every REST
// call so tests can assert on what the bot sent.
import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const BOT_ID = "900000000000000001";
export const APP_ID = "900000000000000002";
export const GUILD_ID = "900000000000000010";
export const CHANNEL_ID = "900000000000000020";
export const OTHER_CHANNEL_ID = "900000000000000021";

/** Every permission bit set, so discord.js's client-side permission checks never get in the way. */
const ALL_PERMISSIONS = "2251799813685247";

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. "/channels/1/messages" or "/webhooks/2/tok/messages/@original". */
  path: string;
  query: URLSearchParams;
  body: any;
  /** What the fake answered, e.g. the stored message for a send or an edit. */
  response: any;
  /** performance.now() when the request reached the fake (for the deferral benchmark). */
  at: number;
}

type Json = Record<string, any>;
/** A message or interaction payload as dispatched; ids and token are typed because tests match on them. */
export type FakeMessage = Json & { id: string; channel_id: string };
export type FakeInteraction = Json & { id: string; token: string };

export interface FakeDiscord {
  apiUrl: string;
  requests: RecordedRequest[];
  /** Gateway connections accepted so far (a reconnect adds one). */
  connections(): number;
  /** The IDENTIFY payloads received (their `shard` says which shard of how many). */
  identifies: Json[];
  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean): Promise<RecordedRequest>;
  /** Resolves with the first `count` matching requests. */
  waitForRequests(match: (r: RecordedRequest) => boolean, count: number): Promise<RecordedRequest[]>;
  sendMessage(input: { channelId: string; author: FakeUser; content: string; mentionBot?: boolean }): FakeMessage;
  openDm(user: FakeUser): string;
  sendSlashCommand(input: { user: FakeUser; channelId?: string; question: string; private?: boolean }): FakeInteraction;
  pressButton(input: { user: FakeUser; message: Json; customId: string; channelId?: string }): FakeInteraction;
  /** Any slash command, e.g. /ask-admin reindex: options as Discord sends them; `roles` are the member's role ids. */
  sendCommand(input: { user: FakeUser; name: string; options?: Json[]; roles?: string[]; channelId?: string }): FakeInteraction;
  /** The next request that matches is refused with 400 "Invalid Form Body" (and recorded), as Discord refuses a bad message. */
  failNext(match: (r: Pick<RecordedRequest, "method" | "path" | "body">) => boolean): void;
  /** Closes the gateway socket with an "unknown error" code, which discord.js answers by resuming. */
  dropGateway(): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const identifies: Json[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const channels = new Map<string, Json>();
  const messages = new Map<string, Json[]>(); // channel id → messages, oldest first
  let snowflake = 1_000_000n;
  const nextId = () => String(++snowflake + 910_000_000_000_000_000n);
  // Sockets that have identified or resumed; dispatches wait in `pending` while none is live, and are
  // delivered on the next READY or RESUMED, as Discord replays missed events on a resume.
  let live: WebSocket[] = [];
  const pending: string[] = [];
  let connections = 0;
  let sequence = 0;
  const sessionId = "fake-session";

  const botUser = { id: BOT_ID, username: "docent", discriminator: "0", global_name: "Docent", avatar: null, bot: true };
  const guildChannel = (id: string, name: string) => ({
    id,
    type: 0,
    name,
    guild_id: GUILD_ID,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    default_auto_archive_duration: 1440,
  });
  channels.set(CHANNEL_ID, guildChannel(CHANNEL_ID, "help"));
  channels.set(OTHER_CHANNEL_ID, guildChannel(OTHER_CHANNEL_ID, "off-topic"));

  const toUser = (u: FakeUser) => ({ id: u.id, username: u.username, discriminator: "0", global_name: u.username, avatar: null, bot: u.bot ?? false });

  function dispatch(t: string, d: unknown) {
    const frame = JSON.stringify({ op: 0, t, s: ++sequence, d });
    const open = live.filter((s) => s.readyState === s.OPEN);
    if (open.length === 0) pending.push(frame);
    for (const socket of open) socket.send(frame);
  }

  function goLive(ws: WebSocket) {
    live.push(ws);
    for (const frame of pending.splice(0)) ws.send(frame);
  }

  function storeMessage(channelId: string, author: Json, body: Json, extra: Json = {}): FakeMessage {
    const channel = channels.get(channelId);
    const message = {
      id: nextId(),
      channel_id: channelId,
      // Real Discord adds channel_type to MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : { channel_type: channel?.type ?? 1 }),
      author,
      content: body.content ?? "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: body.flags ?? 0,
      ...extra,
    };
    const list = messages.get(channelId) ?? [];
    list.push(message);
    messages.set(channelId, list);
    return message;
  }

  function findMessage(id: string): Json | undefined {
    for (const list of messages.values()) {
      const found = list.find((m) => m.id === id);
      if (found) return found;
    }
    return undefined;
  }

  // --- REST -------------------------------------------------------------------------------------------------
  function route(method: string, path: string, query: URLSearchParams, body: any): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (method === "GET" && path === "/gateway/bot")
      return [200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }];
    if (method === "GET" && path === "/applications/@me") return [200, { id: APP_ID, name: "Docent", bot: botUser, flags: 0 }];
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path))
      return [200, (body as Json[]).map((c, i) => ({ ...c, id: String(100 + i), application_id: APP_ID, version: "1" }))];
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [204, undefined];
    if ((m = path.match(/^\/webhooks\/\d+\/([^/]+)\/messages\/(@original|\d+)$/)) && method === "PATCH") {
      const channelId = interactionChannels.get(m[1]!) ?? CHANNEL_ID;
      const existing = originals.get(m[1]!);
      if (existing) return [200, Object.assign(existing, { content: body.content ?? existing.content, embeds: body.embeds ?? existing.embeds, components: body.components ?? existing.components })];
      const message = storeMessage(channelId, botUser, body, { webhook_id: APP_ID, application_id: APP_ID });
      originals.set(m[1]!, message);
      return [200, message];
    }
    if ((m = path.match(/^\/webhooks\/\d+\/([^/]+)$/)) && method === "POST") {
      const channelId = interactionChannels.get(m[1]!) ?? CHANNEL_ID;
      return [200, storeMessage(channelId, botUser, body, { webhook_id: APP_ID, application_id: APP_ID })];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/typing$/)) && method === "POST") return [204, undefined];
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/)) && method === "POST") {
      const parent = channels.get(m[1]!);
      if (!parent) return [404, { message: "Unknown Channel", code: 10003 }];
      const thread = {
        id: m[2]!,
        type: 11,
        guild_id: parent.guild_id,
        parent_id: parent.id,
        owner_id: BOT_ID,
        name: body.name,
        message_count: 0,
        member_count: 1,
        rate_limit_per_user: 0,
        thread_metadata: { archived: false, auto_archive_duration: body.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false },
      };
      channels.set(thread.id, thread);
      dispatch("THREAD_CREATE", { ...thread, newly_created: true });
      return [201, thread];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === "POST") {
      if (!channels.has(m[1]!)) return [404, { message: "Unknown Channel", code: 10003 }];
      const message = storeMessage(m[1]!, botUser, body);
      // Real Discord echoes the bot's own messages back over the gateway; the adapter must ignore them.
      dispatch("MESSAGE_CREATE", message);
      return [200, message];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === "GET") {
      const limit = Number(query.get("limit") ?? 50);
      const before = query.get("before");
      let list = [...(messages.get(m[1]!) ?? [])].reverse(); // newest first, as Discord returns them
      if (before) list = list.filter((msg) => BigInt(msg.id) < BigInt(before));
      return [200, list.slice(0, limit)];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/)) && method === "PATCH") {
      // A message edit (a streamed answer growing); Discord echoes it over the gateway as MESSAGE_UPDATE.
      const found = (messages.get(m[1]!) ?? []).find((msg) => msg.id === m![2]);
      if (!found) return [404, { message: "Unknown Message", code: 10008 }];
      Object.assign(found, { content: body.content ?? found.content, embeds: body.embeds ?? found.embeds, components: body.components ?? found.components, edited_timestamp: new Date().toISOString() });
      dispatch("MESSAGE_UPDATE", found);
      return [200, found];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/)) && method === "DELETE") {
      const list = messages.get(m[1]!) ?? [];
      const at = list.findIndex((msg) => msg.id === m![2]);
      if (at < 0) return [404, { message: "Unknown Message", code: 10008 }];
      const [gone] = list.splice(at, 1);
      dispatch("MESSAGE_DELETE", { id: gone!.id, channel_id: gone!.channel_id, ...(gone!.guild_id ? { guild_id: gone!.guild_id } : {}) });
      return [204, undefined];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/)) && method === "GET") {
      const found = (messages.get(m[1]!) ?? []).find((msg) => msg.id === m![2]);
      return found ? [200, found] : [404, { message: "Unknown Message", code: 10008 }];
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === "GET") {
      const channel = channels.get(m[1]!);
      return channel ? [200, channel] : [404, { message: "Unknown Channel", code: 10003 }];
    }
    return [404, { message: `fake discord: no route for ${method} ${path}`, code: 0 }];
  }

  const failures: Array<(r: Pick<RecordedRequest, "method" | "path" | "body">) => boolean> = [];
  const interactionChannels = new Map<string, string>(); // interaction token → channel id
  const originals = new Map<string, Json>(); // interaction token → its original response message

  async function readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text) return undefined;
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json")) return JSON.parse(text);
    // discord.js sends multipart only with files; the adapter never attaches any.
    return text;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ""));
    const body = await readBody(req);
    const failure = failures.findIndex((match) => match({ method: req.method ?? "GET", path, body }));
    if (failure >= 0) failures.splice(failure, 1);
    const [status, payload] =
      failure >= 0 ? [400, { message: "Invalid Form Body", code: 50035 }] : route(req.method ?? "GET", path, url.searchParams, body);
    const recorded = { method: req.method ?? "GET", path, query: url.searchParams, body, response: payload, at };
    if (path !== "/gateway/bot") {
      requests.push(recorded);
      events.emit("request", recorded);
    }
    res.writeHead(status, payload === undefined ? {} : { "content-type": "application/json" });
    res.end(payload === undefined ? undefined : JSON.stringify(payload));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  // --- Gateway ----------------------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/gateway")) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws));
  });
  wss.on("connection", (ws) => {
    connections++;
    ws.on("close", () => (live = live.filter((s) => s !== ws)));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on("message", (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) {
        identifies.push(payload.d);
        live = live.filter((s) => s !== ws);
        ws.send(JSON.stringify({ op: 0, t: "READY", s: ++sequence, d: {
          v: 10,
          user: botUser,
          session_id: sessionId,
          resume_gateway_url: gatewayUrl,
          guilds: [{ id: GUILD_ID, unavailable: true }],
          application: { id: APP_ID, flags: 0 },
          private_channels: [],
        } }));
        ws.send(JSON.stringify({ op: 0, t: "GUILD_CREATE", s: ++sequence, d: {
          id: GUILD_ID,
          name: "Docent test server",
          owner_id: "1",
          unavailable: false,
          member_count: 2,
          roles: [{ id: GUILD_ID, name: "@everyone", permissions: ALL_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
          channels: [...channels.values()].filter((c) => c.type === 0),
          threads: [...channels.values()].filter((c) => c.type === 11),
          members: [],
          emojis: [],
          stickers: [],
          features: [],
          voice_states: [],
          presences: [],
          stage_instances: [],
          guild_scheduled_events: [],
          joined_at: new Date().toISOString(),
        } }));
        goLive(ws);
      }
      if (payload.op === 6) {
        ws.send(JSON.stringify({ op: 0, t: "RESUMED", s: ++sequence, d: {} }));
        goLive(ws);
      }
    });
  });

  // No timeout of its own: vitest's test timeout reports a request that never comes.
  function matcher(match: (r: RecordedRequest) => boolean, count: number): Promise<RecordedRequest[]> {
    return new Promise((resolve) => {
      const check = () => {
        const found = requests.filter(match);
        if (found.length >= count) {
          events.off("request", check);
          resolve(found.slice(0, count));
        }
      };
      events.on("request", check);
      check();
    });
  }

  function interactionBase(user: FakeUser, channelId: string, type: number, data: Json): FakeInteraction {
    const channel = channels.get(channelId) ?? { id: channelId, type: 1 };
    const token = `tok-${nextId()}`;
    interactionChannels.set(token, channelId);
    const inGuild = Boolean(channel.guild_id);
    return {
      id: nextId(),
      application_id: APP_ID,
      type,
      data,
      channel_id: channelId,
      channel,
      ...(inGuild
        ? { guild_id: channel.guild_id, guild_locale: "en-US", member: { user: toUser(user), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: ALL_PERMISSIONS } }
        : { user: toUser(user) }),
      token,
      version: 1,
      app_permissions: ALL_PERMISSIONS,
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: {},
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10_000_000,
    };
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    connections: () => connections,
    identifies,
    waitForRequest: async (match) => (await matcher(match, 1))[0]!,
    waitForRequests: (match, count) => matcher(match, count),
    sendMessage({ channelId, author, content, mentionBot }) {
      const message = storeMessage(channelId, toUser(author), { content }, mentionBot ? { mentions: [botUser] } : {});
      dispatch("MESSAGE_CREATE", message);
      return message;
    },
    openDm(user) {
      const id = nextId();
      channels.set(id, { id, type: 1, recipients: [toUser(user)], last_message_id: null });
      return id;
    },
    sendSlashCommand({ user, channelId = CHANNEL_ID, question, private: isPrivate }) {
      const options: Json[] = [{ name: "question", type: 3, value: question }];
      if (isPrivate !== undefined) options.push({ name: "private", type: 5, value: isPrivate });
      const interaction = interactionBase(user, channelId, 2, { id: "100", name: "ask", type: 1, options });
      dispatch("INTERACTION_CREATE", interaction);
      return interaction;
    },
    pressButton({ user, message, customId, channelId = CHANNEL_ID }) {
      const interaction = { ...interactionBase(user, channelId, 3, { custom_id: customId, component_type: 2 }), message };
      dispatch("INTERACTION_CREATE", interaction);
      return interaction;
    },
    sendCommand({ user, name, options = [], roles = [], channelId = CHANNEL_ID }) {
      const interaction = interactionBase(user, channelId, 2, { id: "101", name, type: 1, options });
      if (interaction.member) {
        // discord.js resolves a member's roles through the guild's role cache, so the guild gets them first.
        for (const id of roles)
          dispatch("GUILD_ROLE_CREATE", { guild_id: GUILD_ID, role: { id, name: `role-${id}`, permissions: "0", position: 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 } });
        interaction.member.roles = roles;
      }
      dispatch("INTERACTION_CREATE", interaction);
      return interaction;
    },
    failNext(match) {
      failures.push(match);
    },
    dropGateway() {
      for (const socket of live) socket.close(4000, "fake: unknown error");
      live = [];
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
