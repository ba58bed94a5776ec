package vmmanager

import (
	"net/url"
	"strings"
)

// secretParams are query or form keys whose values never leave the process.
var secretParams = []string{"authinfo", "password", "passwd", "auth", "token", "key"}

// RedactURL returns u as a string with user info and every secret query
// value replaced by "REDACTED".
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.User != nil {
		c.User = url.User("REDACTED")
	}
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if isSecretParam(k) {
				q[k] = []string{"REDACTED"}
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}

func isSecretParam(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretParams {
		if k == s {
			return true
		}
	}
	return false
}

// redactErr rewrites the URL of a *url.Error so its text is safe to log.
func redactErr(err error) error {
	if ue, ok := err.(*url.Error); ok {
		c := *ue
		if u, perr := url.Parse(ue.URL); perr == nil {
			c.URL = RedactURL(u)
		} else {
			c.URL = "REDACTED"
		}
		return &c
	}
	return err
}
