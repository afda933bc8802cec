# An x86_64 object as the credtaint plugin leaves it: code, and the static
# findings of its translation unit in the sidecar section (SHF_EXCLUDE, "e";
# pass/plugin/EmbeddedSidecar.cpp writes the same directives). Assembled by
# the test build; ObjectSidecarTest reads it, and damaged copies of it.
	.text
	.globl	answer
	.type	answer,@function
answer:
	movl	$42, %eax
	retq
	.size	answer, .-answer

	.pushsection .credtaint.sidecar,"e",@progbits
	.ascii "{\"version\":1,\"findings\":[{\"version\":1,\"rule\":\"hardcoded-credential\","
	.ascii "\"cwe\":798,\"severity\":\"high\",\"detector\":\"static\","
	.ascii "\"secret_rule\":\"aws-access-key-id\",\"credential\":{\"kind\":\"cloud-credential\","
	.ascii "\"name\":\"aws_key\",\"fingerprint\":\"hmac-sha256:k1:00\","
	.ascii "\"preview\":\"AKIA****\342\200\246\",\"length\":20,\"scope\":\"\","
	.ascii "\"source\":{\"file\":\"/src/answer.c\",\"line\":3,\"column\":22,\"function\":\"\"}},"
	.ascii "\"sink\":{\"category\":\"source\",\"function\":\"literal\",\"file\":\"/src/answer.c\","
	.ascii "\"line\":3,\"column\":22},\"test\":null,\"binary\":null}]}"
	.byte 0
	.popsection
	.section .note.GNU-stack,"",@progbits
