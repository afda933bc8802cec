# An x86_64 object without the sidecar section, as any compiler but
# credtaint's leaves one. Assembled by the test build for ObjectSidecarTest.
	.text
	.globl	answer
	.type	answer,@function
answer:
	movl	$42, %eax
	retq
	.size	answer, .-answer
	.section .note.GNU-stack,"",@progbits
