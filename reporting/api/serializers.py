"""The shapes of the compliance figures in the API (read-only; they document the schema)."""

from __future__ import annotations

from rest_framework import serializers


class TallySerializer(serializers.Serializer):
    on_time = serializers.IntegerField(help_text="Done on or before the day it was due.")
    late = serializers.IntegerField(help_text="Done after the day it was due.")
    overdue = serializers.IntegerField(help_text="Not done or waived, and past its due day.")
    waived = serializers.IntegerField()
    not_yet_due = serializers.IntegerField()
    total = serializers.IntegerField()
    on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text="On time out of on time, late and overdue (0 to 1); null when none.",
    )


class GroupTallySerializer(TallySerializer):
    name = serializers.CharField()


class QuarterTallySerializer(TallySerializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    starts = serializers.DateField()
    ends = serializers.DateField()


class YearTallySerializer(TallySerializer):
    financial_year = serializers.IntegerField()


class ScopeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["area", "board", "protocol"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    financial_year = serializers.IntegerField(help_text="2025 is April 2025 to March 2026.")
    financial_year_label = serializers.CharField()
    as_of = serializers.DateField()
    total = TallySerializer()
    by_quarter = QuarterTallySerializer(many=True)
    by_area = GroupTallySerializer(many=True)
    by_board = GroupTallySerializer(many=True)
    by_protocol = GroupTallySerializer(many=True)
    over_time = YearTallySerializer(many=True)
