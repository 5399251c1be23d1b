// xmppjs.mjs: two @xmpp/client (xmpp.js) clients log in to SERVICE
// (xmpp://host:port or ws://host:port/xmpp-websocket), bind, fetch their
// rosters, send presence and exchange a message. It prints one line per
// step reached and exits 0 only when bob received alice's message.
// Usage: node --experimental-websocket xmppjs.mjs SERVICE NODE_MODULES
// (NODE_MODULES is where the Makefile installed @xmpp/client 0.14.0).
import path from "node:path";

const { client, xml } = await import(path.resolve(process.argv[3], "@xmpp/client/index.js"));

const service = process.argv[2];
const say = (line) => console.log(line);

function connect(username) {
  const c = client({ service, domain: "localhost", username, password: "secret", resource: "xmppjs" });
  c.on("error", (err) => say(`${username} error ${err.message}`));
  return c;
}

const timer = setTimeout(() => {
  say("timeout");
  process.exit(3);
}, 20000);

async function main() {
  const alice = connect("alice");
  const bob = connect("bob");
  const got = new Promise((resolve) => {
    bob.on("stanza", (st) => {
      if (st.is("message") && st.getChildText("body")) resolve(st);
    });
  });
  for (const [name, c] of [["alice", alice], ["bob", bob]]) {
    const addr = await c.start();
    say(`${name} online ${addr.toString()}`);
    const roster = await c.iqCaller.get(xml("query", "jabber:iq:roster"));
    say(`${name} roster ${roster.getChildren("item").length} items`);
    await c.send(xml("presence"));
    say(`${name} presence sent`);
  }
  await alice.send(xml("message", { to: bob.jid.toString(), type: "chat" }, xml("body", {}, "hello from xmpp.js")));
  const msg = await got;
  say(`bob received ${msg.getChildText("body")} from ${msg.attrs.from}`);
  await alice.stop();
  await bob.stop();
  clearTimeout(timer);
}

main().catch((err) => {
  say(`failed ${err.message}`);
  process.exit(1);
});
