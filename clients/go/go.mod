module clova-ocr-gateway/clients/go

go 1.19

// The versions are those Debian 12 (bookworm) packages, so clients/go/build.sh can build fully
// offline from /usr/share/gocode (GOFLAGS=-mod=vendor, GOPROXY=off). With network access, any
// newer release works too: `go get google.golang.org/grpc@latest && go mod tidy`.
require (
	google.golang.org/genproto v0.0.0-20200413115906-b5235f65be36
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)

require (
	github.com/golang/protobuf v1.5.2 // indirect
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.3.0 // indirect
	golang.org/x/text v0.7.0 // indirect
)
