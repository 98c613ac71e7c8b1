/**
 * Converts an ECDSA signature from the DER `ECDSA-Sig-Value` OpenSSL returns (RFC 3279 §2.2.3)
 * to the JWS form: r and s as unsigned big-endian integers of `size` octets each, concatenated.
 * @see RFC 7518 §3.4
 */
export function derToJoseSignature(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed DER ECDSA signature: ${why}`);
  };
  const length = () => {
    let len = der[pos++];
    if (len === undefined) fail("truncated");
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n < 1 || n > 2) fail("bad length");
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | (der[pos++] ?? fail("truncated"));
    }
    return len;
  };
  if (der[pos++] !== 0x30) fail("not a SEQUENCE");
  if (length() !== der.length - pos) fail("SEQUENCE length");
  const out = new Uint8Array(2 * size);
  for (const offset of [0, size]) {
    if (der[pos++] !== 0x02) fail("not an INTEGER");
    const len = length();
    let value = der.subarray(pos, pos + len);
    if (value.length !== len) fail("truncated");
    pos += len;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) fail("integer too long");
    out.set(value, offset + size - value.length);
  }
  if (pos !== der.length) fail("trailing bytes");
  return out;
}

/** DER length octets (X.690 §8.1.3): short form below 128, else one or two length bytes. */
function derLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/**
 * The inverse of {@link derToJoseSignature}: a JWS ECDSA signature (r‖s, `size` octets each) as
 * the DER `ECDSA-Sig-Value` OpenSSL verifies. Null when it is not 2 × `size` octets long.
 */
export function joseToDerSignature(sig: Uint8Array, size: number): Uint8Array<ArrayBuffer> | null {
  if (sig.length !== 2 * size) return null;
  const integer = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const body = [...v.subarray(i)];
    if (body[0] & 0x80) body.unshift(0);
    return [0x02, ...derLength(body.length), ...body];
  };
  const seq = [...integer(sig.subarray(0, size)), ...integer(sig.subarray(size))];
  return new Uint8Array([0x30, ...derLength(seq.length), ...seq]);
}
