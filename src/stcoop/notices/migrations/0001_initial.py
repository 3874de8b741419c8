import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('visibility', models.CharField(choices=[('public', 'Public'), ('shared', 'Shared with named units'), ('internal', 'Internal to its unit')], default='internal', max_length=16, verbose_name='visibility')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                ('title_zh_hans', models.CharField(blank=True, max_length=300, null=True, verbose_name='title')),
                ('title_en', models.CharField(blank=True, max_length=300, null=True, verbose_name='title')),
                ('body', models.TextField(blank=True, verbose_name='text')),
                ('body_zh_hans', models.TextField(blank=True, null=True, verbose_name='text')),
                ('body_en', models.TextField(blank=True, null=True, verbose_name='text')),
                ('category', models.CharField(choices=[('call', 'Call for proposals'), ('policy', 'Policy'), ('event', 'Event'), ('news', 'News')], max_length=16, verbose_name='category')),
                ('published_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='published on')),
                ('expires_on', models.DateField(blank=True, help_text='Leave empty if the notice does not expire.', null=True, verbose_name='expires on')),
                ('link', models.URLField(blank=True, max_length=500, verbose_name='link')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('owner_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisationunit', verbose_name='owning unit')),
                ('shared_with', models.ManyToManyField(blank=True, related_name='+', to='accounts.organisationunit', verbose_name='shared with units')),
            ],
            options={
                'verbose_name': 'notice',
                'verbose_name_plural': 'notices',
                'ordering': ('-published_on', '-pk'),
                'indexes': [models.Index(fields=['category', 'published_on'], name='notices_category_date_idx')],
            },
        ),
    ]
