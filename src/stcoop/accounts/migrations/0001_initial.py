import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='OrganisationUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='name')),
                ('name_zh_hans', models.CharField(blank=True, max_length=200, null=True, verbose_name='name')),
                ('name_en', models.CharField(blank=True, max_length=200, null=True, verbose_name='name')),
                ('acronym', models.CharField(blank=True, max_length=40, verbose_name='acronym')),
                ('kind', models.CharField(choices=[('ministry', 'Ministry'), ('department', 'Department'), ('agency', 'Agency'), ('province', 'Provincial S&T department'), ('provincial_department', 'Provincial division'), ('base', 'Cooperation base'), ('enterprise', 'Enterprise'), ('university', 'University'), ('institute', 'Research institute'), ('service', 'Service organisation'), ('other', 'Other')], max_length=32, verbose_name='kind')),
                ('path', models.CharField(db_index=True, editable=False, max_length=255, verbose_name='tree path')),
                ('country', models.CharField(default='CN', max_length=2, verbose_name='country (ISO code)')),
                ('region', models.CharField(blank=True, max_length=100, verbose_name='province or region')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('description_zh_hans', models.TextField(blank=True, null=True, verbose_name='description')),
                ('description_en', models.TextField(blank=True, null=True, verbose_name='description')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='accounts.organisationunit', verbose_name='parent unit')),
            ],
            options={
                'verbose_name': 'organisation unit',
                'verbose_name_plural': 'organisation units',
                'ordering': ('path',),
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('last_updated', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('role', models.CharField(choices=[('platform_admin', 'Platform administrator'), ('ministry_admin', 'Ministry administrator'), ('unit_admin', 'Unit administrator'), ('base_manager', 'Base manager'), ('org_user', 'Organisation user'), ('expert', 'Expert')], default='org_user', max_length=32, verbose_name='role')),
                ('language', models.CharField(choices=[('zh-hans', '简体中文'), ('en', 'English')], default='zh-hans', max_length=10, verbose_name='interface language')),
                ('display_name', models.CharField(blank=True, max_length=150, verbose_name='display name')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='accounts.organisationunit', verbose_name='organisation unit')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'ordering': ('username',),
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
    ]
