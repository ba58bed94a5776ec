package rpc

// Validate checks the fields initialize cannot do without.
func (p *InitializeParams) Validate() error {
	if p.ProtocolVersion == 0 {
		return Errorf(CodeInvalidParams, "protocol_version", "required")
	}
	if p.Host.Name == "" {
		return Errorf(CodeInvalidParams, "host.name", "required")
	}
	return nil
}

// Validate checks the fields a sync run cannot do without.
func (p *SyncServerParams) Validate() error {
	switch {
	case p.Connection == "":
		return Errorf(CodeInvalidParams, "connection", "required")
	case p.RunID == "":
		return Errorf(CodeInvalidParams, "run_id", "required")
	case p.AsOf.IsZero():
		return Errorf(CodeInvalidParams, "as_of", "required")
	case p.PageSize < 0:
		return Errorf(CodeInvalidParams, "page_size", "must not be negative")
	}
	return nil
}

// Validate checks a page request.
func (p *ServicesParams) Validate() error {
	switch {
	case p.Connection == "":
		return Errorf(CodeInvalidParams, "connection", "required")
	case p.Limit <= 0:
		return Errorf(CodeInvalidParams, "limit", "must be positive")
	}
	return nil
}
