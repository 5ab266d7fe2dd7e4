namespace KPops.Engine.Errors;

/// <summary>
/// The stable error identifiers (the ErrorId of ErrorRecords, which scripts match on). Every id the engine or the
/// cmdlets report is here, and <c>about_KPops_Errors</c> says what each one means and how to fix it.
/// </summary>
public static class ErrorIds
{
#pragma warning disable CS1591 // names are self-describing; about_KPops_Errors explains each one
    public const string YamlSyntax = nameof(YamlSyntax);
    public const string YamlDuplicateKey = nameof(YamlDuplicateKey);
    public const string FileNotFound = nameof(FileNotFound);
    public const string PipelineNotAList = nameof(PipelineNotAList);
    public const string ComponentNotAMapping = nameof(ComponentNotAMapping);
    public const string MissingType = nameof(MissingType);
    public const string UnknownComponentType = nameof(UnknownComponentType);
    public const string AbstractComponentType = nameof(AbstractComponentType);
    public const string MissingField = nameof(MissingField);
    public const string UnknownField = nameof(UnknownField);
    public const string InvalidFieldType = nameof(InvalidFieldType);
    public const string InvalidFieldValue = nameof(InvalidFieldValue);
    public const string InvalidKubernetesName = nameof(InvalidKubernetesName);
    public const string DuplicateComponentName = nameof(DuplicateComponentName);
    public const string PipelineCycle = nameof(PipelineCycle);
    public const string SubstitutionLoop = nameof(SubstitutionLoop);
    public const string PipelineOutsideBaseDir = nameof(PipelineOutsideBaseDir);
    public const string PipelineInBaseDir = nameof(PipelineInBaseDir);
    public const string ComponentNotFound = nameof(ComponentNotFound);
    public const string InvalidFromSection = nameof(InvalidFromSection);
    public const string InvalidToSection = nameof(InvalidToSection);
    public const string DefaultsNotAMapping = nameof(DefaultsNotAMapping);
    public const string EnvironmentPipelineInvalid = nameof(EnvironmentPipelineInvalid);
    public const string ConfigInvalid = nameof(ConfigInvalid);
    public const string KubeContextNotFound = nameof(KubeContextNotFound);
    public const string ConfigRemovedSetting = nameof(ConfigRemovedSetting);
    public const string EnvironmentVariableInvalid = nameof(EnvironmentVariableInvalid);
    public const string DotEnvInvalid = nameof(DotEnvInvalid);
    public const string ComponentTypeInvalid = nameof(ComponentTypeInvalid);
    public const string ComponentTypeExists = nameof(ComponentTypeExists);
    public const string InflateFailed = nameof(InflateFailed);
    public const string ProjectPathNotEmpty = nameof(ProjectPathNotEmpty);
    public const string ProjectPathIsFile = nameof(ProjectPathIsFile);
    // Hostile or broken input found while loading (README, "Security").
    public const string YamlTooDeep = nameof(YamlTooDeep);
    public const string YamlAliasLimit = nameof(YamlAliasLimit);
    public const string InvalidEncoding = nameof(InvalidEncoding);
    public const string InvalidCharacter = nameof(InvalidCharacter);
    public const string SubstitutionLimit = nameof(SubstitutionLimit);
    public const string UnresolvedPlaceholder = nameof(UnresolvedPlaceholder);
    public const string NotARegularFile = nameof(NotARegularFile);
    public const string FileTooLarge = nameof(FileTooLarge);
    public const string FileUnreadable = nameof(FileUnreadable);
    public const string InvalidPath = nameof(InvalidPath);
    public const string PipelineSearchLimit = nameof(PipelineSearchLimit);
    public const string LoadCancelled = nameof(LoadCancelled);
    public const string InvalidEnvironmentName = nameof(InvalidEnvironmentName);
    public const string InvalidReleaseName = nameof(InvalidReleaseName);
    public const string InvalidNamespace = nameof(InvalidNamespace);
    public const string InvalidChartReference = nameof(InvalidChartReference);
    public const string InvalidConnectorName = nameof(InvalidConnectorName);
    public const string NestingTooDeep = nameof(NestingTooDeep);
    public const string ComponentTypeNotFound = nameof(ComponentTypeNotFound);
    public const string ChartMissing = nameof(ChartMissing);
    public const string SchemaNotFound = nameof(SchemaNotFound);
    public const string TopicMismatch = nameof(TopicMismatch);
    public const string StrimziTopicNotConfigured = nameof(StrimziTopicNotConfigured);
    public const string OperationCancelled = nameof(OperationCancelled);
    public const string StepFailed = nameof(StepFailed);
    public const string RunFailed = nameof(RunFailed);
    public const string HelmRequestFailed = nameof(HelmRequestFailed);
    public const string HelmConnectionFailed = nameof(HelmConnectionFailed);
    public const string KafkaRequestFailed = nameof(KafkaRequestFailed);
    public const string KafkaConnectionFailed = nameof(KafkaConnectionFailed);
    public const string SchemaRegistryRequestFailed = nameof(SchemaRegistryRequestFailed);
    public const string SchemaRegistryConnectionFailed = nameof(SchemaRegistryConnectionFailed);
    public const string KafkaConnectRequestFailed = nameof(KafkaConnectRequestFailed);
    public const string KafkaConnectConnectionFailed = nameof(KafkaConnectConnectionFailed);
    public const string KubernetesRequestFailed = nameof(KubernetesRequestFailed);
    public const string KubernetesConnectionFailed = nameof(KubernetesConnectionFailed);
#pragma warning restore CS1591
}
