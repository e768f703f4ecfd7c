package dev.patching.internal.test;

import dev.patching.PatchingTestExecutionListener;
import dev.patching.internal.config.PatchSetFactory;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.PatchRegistry;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Binds the context's {@code patching.*} properties and applies its patches. Added with
 * {@code addBeanFactoryPostProcessor}, so it runs first in refresh: after every
 * initializer and customizer (the Environment is complete), before any bean definition is
 * parsed or bean created. The manager is registered as the first singleton and so
 * destroyed last, after every user bean's destroy callback — also when refresh fails
 * part-way. Its beans carry fully qualified names and are looked up by name, so an
 * application bean or a {@code @MockitoBean PatchManager} never replaces them.
 */
final class PatchManagerRegistrar implements BeanDefinitionRegistryPostProcessor, PriorityOrdered {

	/**
	 * The {@code PatchManager} users inject by type. Fully qualified, like Spring's own
	 * infrastructure beans, so that no application bean collides with it.
	 */
	static final String MANAGER_BEAN = "dev.patching.internalPatchManager";

	/**
	 * What the library itself looks up, by name: not a {@code PatchManager}, so a
	 * {@code @MockitoBean PatchManager} that replaces the bean above leaves it alone. Its
	 * destroy callback restores the patches.
	 */
	static final String STATE_BEAN = "dev.patching.internalPatchingState";

	/**
	 * Registered by SpringApplication before refresh: the context is started by Spring
	 * Boot.
	 */
	private static final String SPRING_APPLICATION_ARGUMENTS = "springApplicationArguments";

	private final ConfigurableApplicationContext context;

	private final MergedContextConfiguration config;

	private final Class<?> testClass;

	private final boolean listenerMissing;

	PatchManagerRegistrar(ConfigurableApplicationContext context, MergedContextConfiguration config,
			boolean listenerMissing) {
		this.context = context;
		this.config = config;
		this.testClass = config.getTestClass();
		this.listenerMissing = listenerMissing;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		String description = "the context of " + this.testClass.getName();
		// Read first: a class whose context fails from here on, a bad patching.* value
		// included, is reported as it says.
		PatchingReport report = PatchingReport.of(this.context.getEnvironment());
		if (report != null) {
			Contexts.reportSettings(this.config, report);
		}
		PatchSetFactory.Settings settings = PatchSetFactory.create(this.context.getEnvironment(),
				this.context.getClassLoader(), description);
		if (this.listenerMissing && !settings.set().isEmpty()) {
			throw new IllegalStateException(this.testClass.getName() + " declares @TestExecutionListeners without "
					+ PatchingTestExecutionListener.class.getSimpleName() + ", so its patches " + settings.set()
					+ " could not be kept to its own test classes and would leak into later ones.\n\nAdd mergeMode ="
					+ " MERGE_WITH_DEFAULTS to @TestExecutionListeners, or list "
					+ PatchingTestExecutionListener.class.getName()
					+ " in it, or set patching.enabled=false for this class.");
		}
		ConfigurableEnvironment environment = this.context.getEnvironment();
		ClassLoader classLoader = this.context.getClassLoader();
		DefaultPatchManager manager = new DefaultPatchManager(settings.set(), settings.properties().isEnabled(),
				settings.properties().getWaitTimeout(), PatchRegistry.jvm(),
				PatchSetFactory.deriver(environment, classLoader, description));
		if (report == null) {
			report = new PatchingReport(settings.properties().getReport().isEnabled(),
					settings.properties().getReport().getFile());
		}
		// Known before it waits for its set: a class asking for the same context
		// meanwhile waits for this one.
		Contexts.opened(this.config, manager, report);
		try {
			manager.starting(Contexts.pauseInsideContextCache());
		}
		catch (RuntimeException | Error ex) {
			Contexts.closed(this.config, manager);
			throw ex;
		}
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		beanFactory.registerSingleton(STATE_BEAN, new State(manager));
		((DefaultListableBeanFactory) beanFactory).registerDisposableBean(STATE_BEAN, () -> {
			try {
				manager.close();
			}
			finally {
				Contexts.closed(this.config, manager);
			}
		});
		beanFactory.registerSingleton(MANAGER_BEAN, manager);
		PatchingLifecycle.register(this.context, registry, manager);
		manager.pausable(Contexts.pauser(this.context, manager));
		keepCreationLease(manager, beanFactory.containsSingleton(SPRING_APPLICATION_ARGUMENTS));
		this.context.addApplicationListener((ContextClosedEvent event) -> {
			// Child contexts' events reach their parents too: only our own close counts.
			if (event.getApplicationContext() == this.context) {
				manager.closing(Contexts.pauseInsideContextCache());
			}
		});
	}

	/**
	 * Who gives the creation lease back: the test class or method run that asked for the
	 * context, once it holds its own lease; else (a condition that loads the context,
	 * code outside a test) the end of the start — after Spring Boot's runners, or after
	 * refresh.
	 */
	private void keepCreationLease(DefaultPatchManager manager, boolean springBoot) {
		if (PatchOwners.current() instanceof Run run) {
			run.adopt(manager);
		}
		else if (springBoot) {
			this.context.addApplicationListener((ApplicationReadyEvent event) -> manager.releaseCreation());
		}
		else {
			this.context.addApplicationListener((ContextRefreshedEvent event) -> {
				if (event.getApplicationContext() == this.context) {
					manager.releaseCreation();
				}
			});
		}
	}

	/** The context's manager, under a type of its own (see {@link #STATE_BEAN}). */
	record State(DefaultPatchManager manager) {

	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	@Override
	public int getOrder() {
		return HIGHEST_PRECEDENCE;
	}

}
