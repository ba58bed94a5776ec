// Package v5 adapts VMmanager 5's XML API (/vmmgr?out=xml&func=...) to
// vmmanager.Panel.
//
// Requests are POSTed as forms, so credentials and session keys travel in
// the body and never in a URL. The client logs in with func=auth and reuses
// the session key (auth=KEY). A session the panel has dropped is answered
// with an error document of type "auth", before any data; the client then
// logs in again once and repeats the request. That is safe even for
// vm.edit, as the panel refused it unseen. Because the whole vm list comes
// in one answer, a session error can only arrive before the first elem, so
// a listing restarts cleanly; should it ever arrive after VMs were streamed,
// the listing fails with vmmanager.ErrIncomplete instead.
//
// vm.edit answers <doc><id>NEW</id></doc> (see xml.DecodeCreated). As the
// public clients do, create and reinstall repeat the password as confirm,
// and create sets osname to the template's short name. A VM's state is
// passed on verbatim (real panels say running and down); only
// <installos/> or osinstalled=off marks an install. See testdata/README.md
// for the public sources of every shape.
package v5
