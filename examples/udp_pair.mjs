// Two UDP sockets on loopback: bind, connect to each other, send/recv, and the
// IP_TTL option. Run: node examples/udp_pair.mjs | deno run -A examples/udp_pair.mjs
// (Deno needs --unstable-net for UDP: this repository's deno.json turns it on.)
import { socket, AF_INET, SOCK_DGRAM, IPPROTO_IP, IP_TTL, SocketError } from "sockfam";

const a = socket(AF_INET, SOCK_DGRAM);
const b = socket(AF_INET, SOCK_DGRAM);
try {
  await a.bind({ host: "127.0.0.1", port: 0 });
  await b.bind({ host: "127.0.0.1", port: 0 });
  await a.connect(b.getsockname()); // send() needs no address now, and a only hears from b
  await b.connect(a.getsockname());
  console.log("a", a.getsockname(), "<->", "b", b.getsockname());

  try {
    await a.setsockopt(IPPROTO_IP, IP_TTL, 7);
    console.log("IP_TTL on a:", a.getsockopt(IPPROTO_IP, IP_TTL));
  } catch (e) {
    if (!(e instanceof SocketError)) throw e;
    // Deno's UDP API has no TTL setter; sockfam says so instead of ignoring it.
    console.log(`note: IP_TTL is not available here (${e.code}): ${e.message}`);
  }

  await a.send(new TextEncoder().encode("ping"));
  const [msg, from] = await b.recvfrom(2048);
  console.log("b got", JSON.stringify(new TextDecoder().decode(msg)), "from", from);
  await b.send(new TextEncoder().encode("pong"));
  console.log("a got", JSON.stringify(new TextDecoder().decode(await a.recv(2048))));
} finally {
  await a.close();
  await b.close();
}
