#!/usr/bin/env python3
"""Interop checks of SessionScope's listener with slixmpp (Debian's
python3-slixmpp), run by slixmpp_test.go.

usage: slixmpp_client.py HOST PORT CHECKS [PASSWORD]

CHECKS is "core" (log in with SCRAM-SHA-1, roster, subscription,
presence, messages to full and bare JIDs, priority routing, offline
delivery with a delay stamp of today's date) or "extras" (disco#info and
ping to the server, carbons between two resources). Accounts alice, bob
and carol have the password PASSWORD (default "secret"; "{user}" in it
stands for the user name, as in "{user}pass" for the reference Prosody's
accounts). Each passed check prints a line
"ok NAME: detail"; a failure prints "FAIL NAME: why" and the script
exits 1 (the core checks stop at the first, the extras each run).
"""

import asyncio
import datetime
import sys

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

DOMAIN = "localhost"
PASSWORD = sys.argv[4] if len(sys.argv) > 4 else "secret"
WAIT = 10  # seconds to wait for something that must come
QUIET = 0.5  # seconds to wait for something that must not come


class Failure(Exception):
    """A check that failed."""


def ok(name, detail):
    print(f"ok {name}: {detail}", flush=True)


class Client(slixmpp.ClientXMPP):
    """A client that queues the messages it receives."""

    def __init__(self, user, resource, priority=0):
        super().__init__(f"{user}@{DOMAIN}/{resource}", PASSWORD.replace("{user}", user))
        self.priority = priority
        self.messages = asyncio.Queue()
        self.started = asyncio.get_event_loop().create_future()
        self.auto_authorize = True
        self.auto_subscribe = True
        for plugin in ("xep_0030", "xep_0199", "xep_0203", "xep_0280"):
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self._started)
        self.add_event_handler("failed_all_auth", self._failed)
        self.add_event_handler("message", self._message)

    def _started(self, _event):
        if not self.started.done():
            self.started.set_result(True)

    def _failed(self, _event):
        if not self.started.done():
            self.started.set_exception(Failure(f"{self.boundjid.bare}: authentication failed"))

    def _message(self, msg):
        if msg["type"] in ("chat", "normal") and msg["body"]:
            self.messages.put_nowait(msg)

    async def login(self, host, port, presence=True):
        self.connect((host, port), use_ssl=False, force_starttls=False, disable_starttls=True)
        await asyncio.wait_for(self.started, WAIT)
        if presence:
            self.send_presence(ppriority=self.priority)
        return self

    async def next_message(self, timeout=WAIT):
        return await asyncio.wait_for(self.messages.get(), timeout)

    async def no_message(self, name):
        try:
            msg = await asyncio.wait_for(self.messages.get(), QUIET)
        except asyncio.TimeoutError:
            return
        raise Failure(f"{name}: {self.boundjid.full} received {msg['body']!r}")


async def expect(client, name, body):
    try:
        msg = await client.next_message()
    except asyncio.TimeoutError:
        raise Failure(f"{name}: {client.boundjid.full} received nothing, want {body!r}")
    if msg["body"] != body:
        raise Failure(f"{name}: {client.boundjid.full} received {msg['body']!r}, want {body!r}")
    return msg


async def core(host, port):
    alice = await Client("alice", "slix").login(host, port, presence=False)
    bob = await Client("bob", "one", priority=1).login(host, port, presence=False)
    ok("login", f"{alice.boundjid.full} and {bob.boundjid.full} bound")

    roster = await alice.get_roster()
    items = roster["roster"]["items"]
    ok("roster", f"alice's roster has {len(items)} items")

    alice.send_presence(ppriority=0)
    bob.send_presence(ppriority=1)
    subscribed = asyncio.get_event_loop().create_future()
    alice.add_event_handler("presence_subscribed", lambda p: subscribed.done() or subscribed.set_result(p))
    alice.send_presence(pto=f"bob@{DOMAIN}", ptype="subscribe")
    try:
        await asyncio.wait_for(subscribed, WAIT)
    except asyncio.TimeoutError:
        raise Failure("subscribe: bob's subscribed never reached alice")
    await asyncio.sleep(QUIET)  # the roster pushes that follow
    sub = alice.client_roster[f"bob@{DOMAIN}"]["subscription"]
    if sub not in ("to", "both"):
        raise Failure(f"subscribe: alice's roster item for bob has subscription {sub!r}")
    ok("subscribe", f"alice is subscribed to bob (subscription {sub})")

    alice.send_message(mto=bob.boundjid.full, mbody="to your full JID", mtype="chat")
    await expect(bob, "full JID", "to your full JID")
    ok("full JID", f"{bob.boundjid.full} received a message sent to it")

    alice.send_message(mto=f"bob@{DOMAIN}", mbody="to your bare JID", mtype="chat")
    await expect(bob, "bare JID", "to your bare JID")
    ok("bare JID", "bob's only resource received a message to his bare JID")

    bob2 = await Client("bob", "two", priority=10).login(host, port)
    low = await Client("bob", "away", priority=-1).login(host, port)
    await asyncio.sleep(QUIET)  # the presences are broadcast
    alice.send_message(mto=f"bob@{DOMAIN}", mbody="to the highest priority", mtype="chat")
    await expect(bob2, "priority", "to the highest priority")
    await bob.no_message("priority")
    await low.no_message("priority")
    ok("priority", "a message to bob's bare JID reached only his priority 10 resource")

    alice.send_message(mto=f"carol@{DOMAIN}", mbody="while you were away", mtype="chat")
    await asyncio.sleep(QUIET)  # stored before carol comes online
    carol = await Client("carol", "late").login(host, port)
    msg = await expect(carol, "offline", "while you were away")
    stamp = msg["delay"]["stamp"]
    if stamp is None:
        raise Failure(f"offline: no delay stamp in {msg}")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    if stamp.date() not in (today, today - datetime.timedelta(days=1)):
        raise Failure(f"offline: delay stamp {stamp.isoformat()}, want today's date {today}")
    ok("offline", f"carol received alice's message stamped {stamp.isoformat()}")

    for c in (alice, bob, bob2, low, carol):
        c.disconnect()


async def extras(host, port):
    alice = await Client("alice", "desk").login(host, port)
    alice2 = await Client("alice", "phone").login(host, port)
    bob = await Client("bob", "slix").login(host, port)
    failed = []
    for check in (disco_info, ping, carbons):
        try:
            await check(alice, alice2, bob)
        except Failure as e:
            print(f"FAIL {e}", flush=True)
            failed.append(check.__name__)
    for c in (alice, alice2, bob):
        c.disconnect()
    if failed:
        raise Failure(f"extras: {', '.join(failed)} failed")


async def disco_info(alice, _alice2, _bob):
    try:
        info = await alice["xep_0030"].get_info(jid=DOMAIN, timeout=WAIT)
    except (IqError, IqTimeout) as e:
        raise Failure(f"disco#info: {e}")
    features = info["disco_info"]["features"]
    if "http://jabber.org/protocol/disco#info" not in features:
        raise Failure(f"disco#info: the server's features {features} lack disco#info")
    ok("disco#info", f"the server has {len(features)} features")


async def ping(alice, _alice2, _bob):
    # send_ping, not ping(): ping() takes the server's error for an answer.
    try:
        result = await alice["xep_0199"].send_ping(DOMAIN, timeout=WAIT)
    except (IqError, IqTimeout) as e:
        raise Failure(f"ping: {e}")
    if result["type"] != "result":
        raise Failure(f"ping: the server answered {result}")
    ok("ping", "the server answered with a result")


async def carbons(alice, alice2, bob):
    try:
        await alice["xep_0280"].enable(timeout=WAIT)
    except (IqError, IqTimeout) as e:
        raise Failure(f"carbons: enable: {e}")
    carbon = asyncio.get_event_loop().create_future()
    alice.add_event_handler("carbon_received", lambda m: carbon.done() or carbon.set_result(m))
    bob.send_message(mto=alice2.boundjid.full, mbody="for your phone", mtype="chat")
    await expect(alice2, "carbons", "for your phone")
    try:
        msg = await asyncio.wait_for(carbon, WAIT)
    except asyncio.TimeoutError:
        raise Failure("carbons: alice's desk received no carbon of the message to her phone")
    body = msg["carbon_received"]["body"]
    if body != "for your phone":
        raise Failure(f"carbons: the carbon's body is {body!r}")
    ok("carbons", "alice's desk received a carbon of bob's message to her phone")


async def main():
    host, port, checks = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    run = {"core": core, "extras": extras}[checks]
    try:
        await asyncio.wait_for(run(host, port), 60)
    except Failure as e:
        print(f"FAIL {e}", flush=True)
        return 1
    except asyncio.TimeoutError:
        print("FAIL timeout: the checks did not finish in 60 s", flush=True)
        return 1
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
