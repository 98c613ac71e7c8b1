"""A Flask relying party that signs in through Authlib, as Authlib's Flask guide shows.

Run: python3 authlib_rp.py ISSUER. It listens on 127.0.0.1 (a free port), registers itself at
ISSUER/register (RFC 7591), prints "ready <base URL>" and serves:
  /login     Authlib's authorize_redirect (code flow, PKCE S256, state, nonce)
  /callback  authorize_access_token (ID token validated), userinfo, a refresh; then /profile
  /profile   what the sign-in gave, as JSON
  /logout    RP-initiated logout at the provider's end_session_endpoint
"""
import json
import os
import sys
from urllib.parse import urlencode

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is http on loopback

import requests
from authlib.integrations.flask_client import OAuth
from flask import Flask, redirect, session, url_for
from werkzeug.serving import make_server

SCOPE = "openid profile email offline_access"

issuer = sys.argv[1]
app = Flask(__name__)
app.secret_key = os.urandom(32)
server = make_server("127.0.0.1", 0, app)
base = f"http://127.0.0.1:{server.server_port}"

registration = requests.post(
    f"{issuer}/register",
    json={
        "client_name": "authlib flask app",
        "redirect_uris": [f"{base}/callback"],
        "post_logout_redirect_uris": [f"{base}/"],
        "grant_types": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_method": "client_secret_basic",
    },
    timeout=10,
)
registration.raise_for_status()
client = registration.json()

oauth = OAuth(app)
oauth.register(
    "gatehouse",
    client_id=client["client_id"],
    client_secret=client["client_secret"],
    server_metadata_url=f"{issuer}/.well-known/openid-configuration",
    client_kwargs={"scope": SCOPE, "code_challenge_method": "S256"},
)


@app.route("/")
def home():
    return '<p id="home">home</p>'


@app.route("/login")
def login():
    return oauth.gatehouse.authorize_redirect(url_for("callback", _external=True))


@app.route("/callback")
def callback():
    token = oauth.gatehouse.authorize_access_token()
    userinfo = oauth.gatehouse.userinfo(token=token)
    refreshed = oauth.gatehouse.fetch_access_token(
        grant_type="refresh_token", refresh_token=token["refresh_token"]
    )
    session["profile"] = {
        "id_token_claims": dict(token["userinfo"]),
        "userinfo": dict(userinfo),
        "refreshed": refreshed["access_token"] != token["access_token"],
    }
    session["id_token"] = token["id_token"]
    return redirect("/profile")


@app.route("/profile")
def profile():
    return app.response_class(json.dumps(session.get("profile")), mimetype="application/json")


@app.route("/logout")
def logout():
    metadata = oauth.gatehouse.load_server_metadata()
    query = urlencode(
        {"id_token_hint": session.pop("id_token", ""), "post_logout_redirect_uri": f"{base}/"}
    )
    session.clear()
    return redirect(f"{metadata['end_session_endpoint']}?{query}")


print(f"ready {base}", flush=True)
server.serve_forever()
