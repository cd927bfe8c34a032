#pragma once
// The tus 1.0 core routes of evidence blobs, at /v1/blobs/{sha256} (64 lower-case hex digits):
//   OPTIONS -> 204, Tus-Version 1.0.0, Tus-Max-Size (no extensions), FieldSeal-Max-Chunk-Size
//   HEAD    -> 200 Upload-Offset + Upload-Length (Cache-Control: no-store); 404 if never seen;
//              both with FieldSeal-Max-Chunk-Size: the largest PATCH body taken (the whole blob
//              by default: bodies are streamed to disk)
//   PATCH   -> Content-Type application/offset+octet-stream (else 415), Upload-Offset (409 with the
//              current offset on a mismatch), Upload-Length on the first PATCH (400 if missing,
//              413 over Tus-Max-Size); 409 upload_in_progress (with the recorded Upload-Offset)
//              while another PATCH of the same blob is running; 204 + Upload-Offset; a PATCH cut
//              off mid-body keeps what arrived; 422 hash_mismatch when the finished
//              bytes do not hash to the name (the upload is discarded); a complete blob answers
//              204 with Upload-Offset = length and writes nothing
//   GET     -> the bytes (application/octet-stream) when complete; 403 when mayRead refuses;
//              404 unknown; 409 upload_incomplete while uploading
// Every route needs an authenticated caller; every tus answer carries Tus-Resumable: 1.0.0.

namespace fieldseal::server {

class BlobService;
class Router;

void addBlobRoutes(Router& router, BlobService& blobs);

} // namespace fieldseal::server
