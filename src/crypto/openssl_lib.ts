/**
 * The system's OpenSSL 3 `libcrypto`, opened through Deno's FFI (`--allow-ffi`). Only the
 * handful of EVP functions a one-shot JWS signature and its verification need are bound.
 * @see https://docs.openssl.org/3.0/man3/EVP_DigestSignInit/
 */

/** The bound symbols; `EVP_DigestSign` runs on a worker thread so signing uses every core. */
const SYMBOLS = {
  OPENSSL_init_crypto: { parameters: ["u64", "pointer"], result: "i32" },
  OpenSSL_version_num: { parameters: [], result: "u64" },
  OpenSSL_version: { parameters: ["i32"], result: "pointer" },
  d2i_AutoPrivateKey: { parameters: ["pointer", "buffer", "i64"], result: "pointer" },
  EVP_PKEY_free: { parameters: ["pointer"], result: "void" },
  EVP_PKEY_get_size: { parameters: ["pointer"], result: "i32" },
  EVP_get_digestbyname: { parameters: ["buffer"], result: "pointer" },
  EVP_MD_CTX_new: { parameters: [], result: "pointer" },
  EVP_MD_CTX_free: { parameters: ["pointer"], result: "void" },
  EVP_DigestSignInit: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  EVP_PKEY_CTX_set_rsa_padding: { parameters: ["pointer", "i32"], result: "i32" },
  EVP_PKEY_CTX_set_rsa_pss_saltlen: { parameters: ["pointer", "i32"], result: "i32" },
  EVP_DigestSign: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "usize"],
    result: "i32",
    nonblocking: true,
  },
  // Verifying takes tens of microseconds: a worker-thread hop would cost more than it saves.
  d2i_PUBKEY: { parameters: ["pointer", "buffer", "i64"], result: "pointer" },
  EVP_DigestVerifyInit: {
    parameters: ["pointer", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  EVP_DigestVerify: {
    parameters: ["pointer", "buffer", "usize", "buffer", "usize"],
    result: "i32",
  },
  ERR_clear_error: { parameters: [], result: "void" },
} as const;

/** An opened libcrypto: its symbols and the version it reports. */
export interface LibCrypto {
  symbols: Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];
  /** E.g. "OpenSSL 3.0.13 30 Jan 2024". */
  version: string;
  path: string;
}

/**
 * Where OpenSSL 3 is usually found. On macOS only Homebrew's and MacPorts' builds: the system
 * `/usr/lib/libcrypto.dylib` is a LibreSSL stub that aborts the process when loaded.
 */
export function defaultLibCryptoPaths(os: typeof Deno.build.os = Deno.build.os): string[] {
  if (os === "darwin") {
    return [
      "/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib",
      "/usr/local/opt/openssl@3/lib/libcrypto.3.dylib",
      "/opt/local/lib/libcrypto.3.dylib",
    ];
  }
  if (os === "windows") return ["libcrypto-3-x64.dll", "libcrypto-3.dll"];
  return ["libcrypto.so.3"];
}

/** `OPENSSL_INIT_NO_ATEXIT` of openssl/crypto.h (OpenSSL 3.0). */
const OPENSSL_INIT_NO_ATEXIT = 0x00080000n;

/** OpenSSL 3.0.0 in `OpenSSL_version_num()` form (0xMNN00PP0L). */
const MIN_VERSION = 0x30000000n;

/**
 * Opens the first of `paths` that loads and is OpenSSL 3 or later. Throws an Error saying why
 * none could be used (no `--allow-ffi`, not found, too old, not OpenSSL).
 */
export function openLibCrypto(paths: string[]): LibCrypto {
  const reasons: string[] = [];
  for (const path of paths) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = Deno.dlopen(path, SYMBOLS);
    } catch (err) {
      if (err instanceof Deno.errors.NotCapable) {
        throw new Error("FFI is not allowed (run with --allow-ffi)");
      }
      reasons.push(`${path}: ${(err as Error).message.split("\n")[0]}`);
      continue;
    }
    const version = Deno.UnsafePointerView.getCString(lib.symbols.OpenSSL_version(0)!);
    if (!version.startsWith("OpenSSL ") || lib.symbols.OpenSSL_version_num() < MIN_VERSION) {
      lib.close();
      reasons.push(`${path}: "${version}" is not OpenSSL 3`);
      continue;
    }
    // OpenSSL frees its global state in an atexit handler; a signature still running on a
    // worker thread when the process exits would then touch freed memory. The process is
    // ending anyway: leave the state alone.
    lib.symbols.OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, null);
    return { symbols: lib.symbols, version, path };
  }
  throw new Error(`no OpenSSL 3 libcrypto could be loaded (${reasons.join("; ")})`);
}

/**
 * Decodes a DER key into an `EVP_PKEY` (`private`: PKCS#8 through `d2i_AutoPrivateKey`;
 * `public`: SubjectPublicKeyInfo through `d2i_PUBKEY`) and finds the `EVP_MD` of `digest`.
 * Null, with OpenSSL's error queue cleared, when either fails.
 */
export function decodeKey(
  lib: LibCrypto,
  kind: "private" | "public",
  der: Uint8Array,
  digest: string,
): { pkey: Deno.PointerObject; md: Deno.PointerObject } | null {
  const ssl = lib.symbols;
  const cursor = new BigUint64Array([BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(der)))]);
  const decode = kind === "private" ? ssl.d2i_AutoPrivateKey : ssl.d2i_PUBKEY;
  const pkey = decode(null, cursor, BigInt(der.length));
  const md = ssl.EVP_get_digestbyname(new TextEncoder().encode(digest + "\0"));
  if (!pkey || !md) {
    if (pkey) ssl.EVP_PKEY_free(pkey);
    ssl.ERR_clear_error();
    return null;
  }
  return { pkey, md };
}

const RSA_PKCS1_PSS_PADDING = 6;

/**
 * Sets RSA-PSS padding and salt length (RFC 7518 §3.5) on the `EVP_PKEY_CTX` a
 * `EVP_Digest{Sign,Verify}Init` wrote into `pctx`. False when OpenSSL refuses either.
 */
export function setPss(lib: LibCrypto, pctx: BigUint64Array, salt: number): boolean {
  const p = Deno.UnsafePointer.create(pctx[0]);
  return lib.symbols.EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PSS_PADDING) === 1 &&
    lib.symbols.EVP_PKEY_CTX_set_rsa_pss_saltlen(p, salt) === 1;
}
