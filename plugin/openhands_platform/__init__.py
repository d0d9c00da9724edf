"""OpenHands Platform plugin: multi-user OpenHands (pinned 0.62.0) behind an ALB with Cognito, no fork.

Pure modules (settings, alb_auth, deny_list, middleware, db_auth) import only the standard library, PyJWT and
cryptography, so they are unit-tested without OpenHands. The others subclass OpenHands' extension points and are
imported only inside the app image (or against the test stubs in tests/stubs).
"""
