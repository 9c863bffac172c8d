// The Ethernet/IPv4/UDP frame the packet bench offers (to 10.99.0.2 port 9,
// addressed to a MAC no host has, so the stack drops it at once), shared by
// the sender and by the receivers' warm-up.

/** A SIZE-byte frame from `srcMac` ("02:..:.."). */
export function udpFrame(size, srcMac = "02:00:00:00:00:01") {
  const mac = (s) => s.split(":").map((x) => parseInt(x, 16));
  const frame = new Uint8Array(size);
  frame.set([0x02, 0, 0, 0, 0, 0x99, ...mac(srcMac), 0x08, 0x00]);
  const ipLen = size - 14;
  frame.set([0x45, 0, ipLen >> 8, ipLen & 255, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 99, 0, 1, 10, 99, 0, 2], 14);
  let sum = 0;
  for (let i = 14; i < 34; i += 2) sum += (frame[i] << 8) | frame[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  sum = ~sum & 0xffff;
  frame[24] = sum >> 8; frame[25] = sum & 255;
  const udpLen = ipLen - 20;
  frame.set([0x30, 0x39, 0, 9, udpLen >> 8, udpLen & 255, 0, 0], 34);
  return frame;
}
