"""Tricky page addresses and the origin a browser sends for each: the table that pins
config/origins.py. The template's tests also hold it against a real Chromium's
`new URL(address).origin`, which is the `Origin` header Chromium sends from such a page.

SENT: the origin the rules give, the one Chromium gives too.
NO_URL: no page has such an address (Chromium's URL parser throws); the rules refuse it, and say
why (a part of the reason is given).
REFUSED_ON_PURPOSE: Chromium makes an origin of it, the rules refuse it all the same (the reason,
then what Chromium gives): a wildcard, a space, port 0, a host no DNS name could be.
"""

SENT = [
    # IDNA by UTS #46 without transitional processing: ß stays ß, unlike IDNA 2003's "ss".
    ("https://faß.de", "https://xn--fa-hia.de"),
    ("HTTPS://FAß.DE", "https://xn--fa-hia.de"),
    ("http://%C3%9F.de", "http://xn--zca.de"),
    ("https://ς.gr", "https://xn--3xa.gr"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("http://XN--BCHER-KVA.example", "http://xn--bcher-kva.example"),
    ("https://💩.la", "https://xn--ls8h.la"),
    ("http://العربية.com", "http://xn--mgbcd4a2b0d2b.com"),
    ("http://ＥＸＡＭＰＬＥ．com", "http://example.com"),
    ("http://faß.de。", "http://xn--fa-hia.de."),
    ("http://ex%61mple.com", "http://example.com"),
    ("http://0xg.com", "http://0xg.com"),
    # Ports: the default one is left out, leading zeros are dropped.
    ("http://Example.COM:80", "http://example.com"),
    ("https://example.com:443", "https://example.com"),
    ("https://example.com:80", "https://example.com:80"),
    ("http://example.com:0080", "http://example.com"),
    ("http://example.com:", "http://example.com"),
    # A host that ends in a number is an IPv4 address, in any of its number forms.
    ("http://0x7f.1:3000", "http://127.0.0.1:3000"),
    ("http://2130706433", "http://127.0.0.1"),
    ("http://0177.0.0.1", "http://127.0.0.1"),
    ("http://127.1", "http://127.0.0.1"),
    ("http://0xffffffff", "http://255.255.255.255"),
    ("http://127.0.0.1.", "http://127.0.0.1"),
    # IPv6: lower case, compressed, IPv4-mapped addresses in hex.
    ("http://[::FFFF:127.0.0.1]:3000", "http://[::ffff:7f00:1]:3000"),
    ("http://[0:0:0:0:0:0:0:1]", "http://[::1]"),
    ("http://[2001:DB8:0:0:1:0:0:1]", "http://[2001:db8::1:0:0:1]"),
    ("http://[1:0:0:2:0:0:0:3]", "http://[1:0:0:2::3]"),
    ("http://[::]", "http://[::]"),
    # A trailing dot makes a host of its own.
    ("https://example.com.", "https://example.com."),
    # What is never part of an origin: user info, path, query, fragment; odd slashes.
    ("http://user:pw@example.com", "http://example.com"),
    ("http://example.com/path?q=1#f", "http://example.com"),
    ("http://example.com\\path", "http://example.com"),
    ("http:example.com", "http://example.com"),
    ("http:\\\\example.com", "http://example.com"),
    (" http://localhost:3000/ ", "http://localhost:3000"),
]

NO_URL = [
    ("http://1.2.3.4.5", "no IPv4 address"),
    ("http://example.1", "no IPv4 address"),
    ("http://4294967296", "no IPv4 address"),
    ("http://08", "no IPv4 address"),
    ("http://256.0.0.1", "no IPv4 address"),
    ("http://[fe80::1%25eth0]", "IPv6 address that is not valid"),
    ("http://[::1", "IPv6 address that is not valid"),
    ("http://[1:2:3:4:5:6:7:8:9]", "IPv6 address that is not valid"),
    ("http://1aا.com", "IDNA"),  # the Bidi rule
    ("http://\u0301a.com", "IDNA"),  # a label that starts with a combining mark
    ("http://a\u200db.com", "control character"),
    ("http://ex<ample.com", "'<'"),
    ("http://ex^ample.com", "'^'"),
    ("http://%zz.com", "'%'"),
    ("http://user@", "no host"),
    ("http://", "no host"),
    ("http://example.com:65536", "above 65535"),
    ("http://example.com:8a", "not a number"),
    ("127.0.0.1:8080", "no scheme"),
]

REFUSED_ON_PURPOSE = [
    ("https://*.example.com", "wildcard", "https://%2A.example.com"),
    ("http://exa mple.com", "space", "http://exa%20mple.com"),
    ("http://exa\tmple.com", "control character", "http://example.com"),
    ("http://a\u00adb.com", "control character", "http://ab.com"),
    ("http://example.com:0", "port 0", "http://example.com:0"),
    ("http://-bad-.com", "not valid", "http://-bad-.com"),
    ("http://ex!ample.com", "not valid", "http://ex!ample.com"),
    ("http://a..b", "not valid", "http://a..b"),
    ("http://xn--abc", "IDNA", "http://xn--abc"),
    ("http://[::ffff:1.2.3.04]", "IPv6 address that is not valid", "http://[::ffff:102:304]"),
    ("ftp://example.com", "http:// or https://", "ftp://example.com"),
    ("localhost:3000", "no scheme", "null"),  # to a browser, `localhost:` is the scheme
]
