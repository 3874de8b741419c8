import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Grouping',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('acronym', models.CharField(blank=True, max_length=40, verbose_name='acronym')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('name_zh_hans', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=200, null=True, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('description_zh_hans', models.TextField(blank=True, null=True, verbose_name='description')),
                ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                ('rule', models.TextField(blank=True, verbose_name='membership rule')),
                ('rule_zh_hans', models.TextField(blank=True, null=True, verbose_name='membership rule')),
                ('rule_en', models.TextField(blank=True, null=True, verbose_name='membership rule')),
                ('kind', models.CharField(choices=[('economic_class', 'Economic-development class'), ('regional_organisation', 'Regional organisation'), ('intergovernmental_organisation', 'Intergovernmental organisation'), ('forum', 'Political and economic forum'), ('un_category', 'UN category'), ('geographic', 'Geographic region'), ('initiative', 'Cooperation initiative')], max_length=40, verbose_name='kind')),
                ('position', models.PositiveSmallIntegerField(default=100, verbose_name='position in lists')),
                ('source_name', models.CharField(blank=True, max_length=300, verbose_name='source')),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source address')),
                ('source_version', models.CharField(blank=True, max_length=100, verbose_name='source version')),
                ('source_date', models.DateField(blank=True, null=True, verbose_name='source date')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, help_text='First day on which it no longer applies; empty while it applies.', null=True, verbose_name='valid until')),
                ('is_editable', models.BooleanField(default=False, help_text='Members are edited on the platform rather than loaded from a package.', verbose_name='maintained by administrators')),
                ('last_reviewed', models.DateField(blank=True, null=True, verbose_name='last reviewed')),
            ],
            options={
                'verbose_name': 'country grouping',
                'verbose_name_plural': 'country groupings',
                'ordering': ('position', 'code'),
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_to__isnull', True), ('valid_to__gt', models.F('valid_from')), _connector='OR'), name='geo_grouping_valid_period')],
            },
        ),
        migrations.CreateModel(
            name='Region',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('code', models.CharField(max_length=3, unique=True, verbose_name='M49 code')),
                ('level', models.CharField(choices=[('region', 'Region'), ('sub_region', 'Sub-region'), ('intermediate', 'Intermediate region')], max_length=16, verbose_name='level')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('name_zh_hans', models.CharField(max_length=100, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=100, null=True, verbose_name='name')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='geo.region', verbose_name='parent region')),
            ],
            options={
                'verbose_name': 'region',
                'verbose_name_plural': 'regions',
                'ordering': ('code',),
            },
        ),
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('iso2', models.CharField(max_length=2, unique=True, verbose_name='ISO alpha-2 code')),
                ('iso3', models.CharField(max_length=3, unique=True, verbose_name='ISO alpha-3 code')),
                ('numeric', models.CharField(blank=True, max_length=3, verbose_name='ISO numeric code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('name_zh_hans', models.CharField(max_length=150, null=True, verbose_name='name')),
                ('name_en', models.CharField(max_length=150, null=True, verbose_name='name')),
                ('official_name', models.CharField(blank=True, max_length=200, verbose_name='official name')),
                ('alt_names', models.TextField(blank=True, help_text='One per line; used by search and imports.', verbose_name='other names')),
                ('income_group', models.CharField(blank=True, choices=[('high', 'High income'), ('upper_middle', 'Upper-middle income'), ('lower_middle', 'Lower-middle income'), ('low', 'Low income')], max_length=16, verbose_name='income group')),
                ('is_independent', models.BooleanField(default=False, verbose_name='independent state')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('intermediate_region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.region', verbose_name='intermediate region')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.region', verbose_name='region')),
                ('sub_region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.region', verbose_name='sub-region')),
            ],
            options={
                'verbose_name': 'country or territory',
                'verbose_name_plural': 'countries and territories',
                'ordering': ('iso2',),
            },
        ),
        migrations.CreateModel(
            name='GroupingMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='member from')),
                ('valid_to', models.DateField(blank=True, help_text='First day on which it is no longer a member; empty while it is one.', null=True, verbose_name='member until')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='geo.country', verbose_name='country')),
                ('grouping', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='geo.grouping', verbose_name='grouping')),
            ],
            options={
                'verbose_name': 'grouping membership',
                'verbose_name_plural': 'grouping memberships',
                'ordering': ('grouping', 'country__iso2', 'valid_from'),
                'constraints': [models.UniqueConstraint(fields=('grouping', 'country', 'valid_from'), name='geo_membership_unique_start'), models.UniqueConstraint(condition=models.Q(('valid_from__isnull', True)), fields=('grouping', 'country'), name='geo_membership_unique_unknown_start'), models.UniqueConstraint(condition=models.Q(('valid_to__isnull', True)), fields=('grouping', 'country'), name='geo_membership_one_open'), models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_to__isnull', True), ('valid_to__gt', models.F('valid_from')), _connector='OR'), name='geo_membership_valid_period')],
            },
        ),
    ]
