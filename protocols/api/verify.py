"""The API's check of a protocol PDF: the same answer as the /verify/ page, as JSON.

``POST /api/v1/verify/`` with a multipart ``file``. Anyone may call it, signed in or
not. A file that is not a readable PDF (missing, empty, too large, not a PDF, damaged,
encrypted) is a 400 with the reason at ``file``; any PDF gets a 200 whose ``outcome``
and ``message`` say whether it is an intact protocol issued here, and which.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..pdf.verify import Outcome, VerificationResult, verify_upload
from ..verify_views import CHOOSE_A_FILE, public_page_url


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="The PDF to check. It is checked, then discarded.",
        error_messages={"required": CHOOSE_A_FILE, "invalid": CHOOSE_A_FILE},
    )


class SignatureCheckSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    signer_name = serializers.CharField()
    reason = serializers.CharField(help_text="Who signed and in what role.")
    signed_at = serializers.DateTimeField(allow_null=True)
    intact = serializers.BooleanField(help_text="The file is unchanged since this signature.")
    trusted = serializers.BooleanField()
    valid = serializers.BooleanField()
    ours = serializers.BooleanField(help_text="Made with this installation's certificate.")


class VerifiedVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    protocol = serializers.IntegerField(source="protocol_id")
    number = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    public_url = serializers.SerializerMethodField()

    def get_public_url(self, version) -> str:
        url = public_page_url(version)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url


# Named apart from the protocols API's Signatory, which has other fields.
@extend_schema_serializer(component_name="VerifiedSignatory")
class SignatorySerializer(serializers.Serializer):
    board = serializers.CharField(source="board.short_name")
    signer = serializers.CharField()
    capacity = serializers.CharField()
    signed_at = serializers.DateTimeField()


class VerificationSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[o.value for o in Outcome])
    ok = serializers.BooleanField()
    message = serializers.CharField()
    version = VerifiedVersionSerializer(allow_null=True)
    signatures = SignatureCheckSerializer(many=True)
    signatories = SignatorySerializer(many=True)


class PdfVerificationViewSet(viewsets.ViewSet):
    """Check whether a PDF is a protocol issued here, with every signature intact."""

    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=VerifyRequestSerializer,
        responses={
            200: VerificationSerializer,
            400: OpenApiResponse(
                response=inline_serializer(
                    "VerifyBadUpload",
                    {
                        "file": serializers.ListField(child=serializers.CharField()),
                        # Only a file that is not a readable PDF has an outcome.
                        "outcome": serializers.CharField(required=False),
                    },
                ),
                description="The upload is not a readable PDF; ``file`` says why.",
            ),
        },
        summary="Check a protocol PDF",
    )
    def create(self, request, *args, **kwargs):
        incoming = VerifyRequestSerializer(data=request.data)
        if not incoming.is_valid():
            return Response(incoming.errors, status=status.HTTP_400_BAD_REQUEST)
        result: VerificationResult = verify_upload(incoming.validated_data["file"])
        if result.is_bad_upload:
            return Response(
                {"file": [result.message], "outcome": result.outcome.value},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(VerificationSerializer(result, context={"request": request}).data)
